using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RealName.Host.Projections.Webhooks;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>Issue 18 on one node: the list endpoints and webhooks, both projected from the journal.</summary>
public sealed class ResultsSpecs : WebhookNodeSpecs
{
    [Fact]
    public async Task Should_list_sessions_newest_first_masked_filtered_and_paged()
    {
        var account = "acc_list_" + Guid.NewGuid().ToString("N")[..8];
        var idNumber = TestData.IdNumber();
        var canceled = await Node.CreateSessionIdAsync(account);
        (await Node.CancelAsync(canceled)).AssertStatus(HttpStatusCode.OK);
        Node.Clock.Advance(TimeSpan.FromSeconds(1)); // newest first is by creation time, on the node's (fake) clock
        var open = await Node.CreateSessionIdAsync(account);
        Node.Clock.Advance(TimeSpan.FromSeconds(1));
        var verified = await Node.VerifyAccountAsync(account, idNumber);

        var all = await Eventually.ReturnsAsync(async () =>
        {
            var page = await Node.SendAsync(HttpMethod.Get, $"/v1/sessions?accountId={account}", null);
            return page.Json.GetProperty("data").GetArrayLength() == 3 && page.Json.GetProperty("data")[0].GetProperty("status").GetString() == "verified" ? page : null;
        }, TimeSpan.FromSeconds(20), "three sessions in the read model");

        Assert.Equal([verified, open, canceled], Ids(all));
        Assert.Equal(TestData.MaskedName, MaskedName(all));
        Assert.Contains($"\"name\":\"{TestData.MaskedName}\"", all.Body, StringComparison.Ordinal); // as GET writes it: UTF-8, not \u escapes
        Assert.NotEqual(idNumber, all.Json.GetProperty("data")[0].GetProperty("identity").GetProperty("idNumber").GetString());
        Assert.DoesNotContain(idNumber, all.Body);
        Assert.Equal([verified], Ids(await Node.SendAsync(HttpMethod.Get, $"/v1/sessions?accountId={account}&status=verified", null)));
        var first = await Node.SendAsync(HttpMethod.Get, $"/v1/sessions?accountId={account}&limit=2", null);
        Assert.True(first.Json.GetProperty("hasMore").GetBoolean());
        var second = await Node.SendAsync(HttpMethod.Get, $"/v1/sessions?accountId={account}&limit=2&startingAfter={open}", null);
        Assert.Equal([canceled], Ids(second));
        Assert.False(second.Json.GetProperty("hasMore").GetBoolean());
        (await Node.SendAsync(HttpMethod.Get, "/v1/sessions?limit=101", null)).AssertStatus(HttpStatusCode.BadRequest);
        (await Node.SendAsync(HttpMethod.Get, "/v1/sessions?status=done", null)).AssertStatus(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_deliver_signed_terminal_session_events_that_verify_against_the_secret()
    {
        using var admin = Node.CreateAdminClient();
        var added = await admin.PostAsJsonAsync("/admin/webhooks", new { url = Receiver.Url, events = new[] { "session.verified", "session.canceled" } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var endpoint = await added.Content.ReadFromJsonAsync<JsonElement>();
        var secret = endpoint.GetProperty("secret").GetString()!;
        var account = "acc_hook_" + Guid.NewGuid().ToString("N")[..8];
        var verified = await Node.VerifyAccountAsync(account, TestData.IdNumber());
        var canceled = await Node.CreateSessionIdAsync(account);
        (await Node.CancelAsync(canceled)).AssertStatus(HttpStatusCode.OK);

        await Eventually.AwaitAssertAsync(() =>
        {
            Assert.Contains(Receiver.Received, r => r.Type == "session.verified" && r.ObjectId == verified);
            Assert.Contains(Receiver.Received, r => r.Type == "session.canceled" && r.ObjectId == canceled);
            return Task.CompletedTask;
        });
        foreach (var delivery in Receiver.Received)
        {
            Assert.True(WebhookSignature.Verify(secret, delivery.Signature!, delivery.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.StartsWith("evt_", delivery.EventId);
            if (JsonDocument.Parse(delivery.Body).RootElement.GetProperty("data").GetProperty("object").GetProperty("identity") is { ValueKind: JsonValueKind.Object } identity)
                Assert.Equal(TestData.MaskedName, identity.GetProperty("name").GetString());
        }
        var hook = Receiver.Received.First(r => r.ObjectId == verified);
        using var payload = JsonDocument.Parse(hook.Body);
        Assert.Equal(TestData.MaskedName, payload.RootElement.GetProperty("data").GetProperty("object").GetProperty("identity").GetProperty("name").GetString());
        Assert.Contains($"\"name\":\"{TestData.MaskedName}\"", hook.Body, StringComparison.Ordinal);
        Assert.True(payload.RootElement.GetProperty("data").GetProperty("object").GetProperty("version").GetInt64() > 1);

        // The receiver has a delivery before the node has its answer: the log says delivered a moment later.
        await Eventually.AwaitAssertAsync(async () =>
        {
            var log = await admin.GetFromJsonAsync<JsonElement>($"/admin/webhooks/{endpoint.GetProperty("id").GetString()}/deliveries?limit=10");
            var delivered = log.GetProperty("data").EnumerateArray().Where(d => d.GetProperty("status").GetString() == "delivered").ToList();
            Assert.Equal(2, delivered.Count);
            Assert.All(delivered, d => Assert.Equal(200, d.GetProperty("lastStatus").GetInt32()));
        });
    }

    [Fact]
    public async Task Should_retry_a_refused_delivery_with_the_same_event_id_and_log_the_answer()
    {
        using var admin = Node.CreateAdminClient();
        var endpoint = await (await admin.PostAsJsonAsync("/admin/webhooks", new { url = Receiver.Url, events = new[] { "session.canceled" } })).Content.ReadFromJsonAsync<JsonElement>();
        var endpointId = endpoint.GetProperty("id").GetString();
        Receiver.Failing = true;
        var canceled = await Node.CreateSessionIdAsync("acc_retry_" + Guid.NewGuid().ToString("N")[..8]);
        (await Node.CancelAsync(canceled)).AssertStatus(HttpStatusCode.OK);

        await Eventually.AwaitAssertAsync(async () =>
        {
            var log = await admin.GetFromJsonAsync<JsonElement>($"/admin/webhooks/{endpointId}/deliveries");
            var d = Assert.Single(log.GetProperty("data").EnumerateArray());
            Assert.Equal("pending", d.GetProperty("status").GetString());
            Assert.Equal(500, d.GetProperty("lastStatus").GetInt32());
        });
        Receiver.Failing = false;
        Node.Clock.Advance(TimeSpan.FromMinutes(1));

        await Eventually.AwaitAssertAsync(async () =>
        {
            var log = await admin.GetFromJsonAsync<JsonElement>($"/admin/webhooks/{endpointId}/deliveries");
            Assert.Equal("delivered", log.GetProperty("data")[0].GetProperty("status").GetString());
        });
        var attempts = Receiver.Received.Where(r => r.ObjectId == canceled).ToList();
        Assert.True(attempts.Count >= 2);
        Assert.Single(attempts.Select(a => a.EventId).Distinct());
    }

    [Fact]
    public async Task Should_keep_no_masked_identity_in_the_read_model_after_erasure()
    {
        var account = "acc_erase_" + Guid.NewGuid().ToString("N")[..8];
        var verified = await Node.VerifyAccountAsync(account, TestData.IdNumber());
        await Eventually.AwaitAssertAsync(async () =>
            Assert.Equal(TestData.MaskedName, MaskedName(await Node.SendAsync(HttpMethod.Get, $"/v1/sessions?accountId={account}", null))));
        using var admin = Node.CreateAdminClient();
        (await admin.DeleteAsync($"/v1/accounts/{account}/verification")).EnsureSuccessStatusCode();

        var after = await Node.SendAsync(HttpMethod.Get, $"/v1/sessions?accountId={account}", null);
        Assert.Equal([verified], Ids(after));
        Assert.Null(MaskedName(after));
        Assert.True(after.Json.GetProperty("data")[0].GetProperty("personalDataErased").GetBoolean());
    }

    private static string? MaskedName(ApiResponse page) =>
        page.Json.GetProperty("data")[0].GetProperty("identity") is { ValueKind: JsonValueKind.Object } identity ? identity.GetProperty("name").GetString() : null;

    private static string[] Ids(ApiResponse page) =>
        page.Json.GetProperty("data").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToArray();
}
