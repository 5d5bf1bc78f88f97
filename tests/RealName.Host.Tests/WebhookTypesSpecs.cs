using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RealName.Host.Projections.Webhooks;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>Issue 18: the account.* and appeal.* webhooks, and the give-up after the maximum age, on one node.</summary>
public sealed class WebhookTypesSpecs : WebhookNodeSpecs
{
    private async Task<(string Id, string Secret)> SubscribeAsync(HttpClient admin, params string[] events)
    {
        var added = await admin.PostAsJsonAsync("/admin/webhooks", new { url = Receiver.Url, events });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var endpoint = await added.Content.ReadFromJsonAsync<JsonElement>();
        return (endpoint.GetProperty("id").GetString()!, endpoint.GetProperty("secret").GetString()!);
    }

    /// <summary>The first delivery of <paramref name="type"/> whose object's <paramref name="property"/> is <paramref name="value"/>, parsed.</summary>
    private async Task<JsonElement> DeliveredAsync(string type, string property, string value)
    {
        var hook = await Eventually.ReturnsAsync(() => Task.FromResult(Receiver.Received.FirstOrDefault(r => r.Type == type
            && JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("object").TryGetProperty(property, out var p) && p.GetString() == value)),
            TimeSpan.FromSeconds(30), $"{type} for {value}");
        return JsonDocument.Parse(hook.Body).RootElement;
    }

    [Fact]
    public async Task Should_deliver_signed_masked_appeal_and_account_events()
    {
        using var admin = Node.CreateAdminClient();
        var (_, secret) = await SubscribeAsync(admin, "appeal.created", "appeal.decided", "account.revoked", "account.erased", "account.upgraded");
        var idNumber = TestData.IdNumber();
        var holder = TestData.Account("holder");
        var appellant = TestData.Account("appellant");
        await Node.VerifyAccountAsync(holder, idNumber);
        var appeal = (await Node.PostJsonAsync("/v1/appeals",
            $"{{\"accountId\":\"{appellant}\",\"name\":\"{TestData.Name}\",\"idNumber\":\"{idNumber}\",\"contact\":\"appellant@example.com\",\"reason\":\"Mine\"}}"))
            .AssertStatus(HttpStatusCode.Created).Str("id")!;
        using var decision = new StringContent("{\"reason\":\"ID photo checked\"}", System.Text.Encoding.UTF8, "application/json");
        (await admin.PostAsync($"/admin/appeals/{appeal}/approve", decision)).EnsureSuccessStatusCode();

        var created = await DeliveredAsync("appeal.created", "id", appeal);
        var decided = await DeliveredAsync("appeal.decided", "id", appeal);
        var revoked = await DeliveredAsync("account.revoked", "accountId", holder);
        Assert.Equal("pending", created.GetProperty("data").GetProperty("object").GetProperty("status").GetString());
        Assert.Equal(TestData.MaskedName, created.GetProperty("data").GetProperty("object").GetProperty("identity").GetProperty("name").GetString());
        Assert.Equal("approved", decided.GetProperty("data").GetProperty("object").GetProperty("status").GetString());
        Assert.Equal("ID photo checked", decided.GetProperty("data").GetProperty("object").GetProperty("decision").GetString());
        Assert.Equal("revoked", revoked.GetProperty("data").GetProperty("object").GetProperty("status").GetString());

        (await admin.DeleteAsync($"/v1/accounts/{appellant}/verification")).EnsureSuccessStatusCode();
        var erased = await DeliveredAsync("account.erased", "accountId", appellant);
        Assert.True(erased.GetProperty("data").GetProperty("object").GetProperty("personalDataErased").GetBoolean());

        Assert.All(Receiver.Received, r =>
        {
            Assert.True(WebhookSignature.Verify(secret, r.Signature!, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.DoesNotContain(idNumber, r.Body);
            Assert.DoesNotContain(TestData.Name, r.Body);
        });
    }

    [Fact]
    public async Task Should_deliver_account_upgraded_when_a_personally_verified_account_verifies_an_enterprise()
    {
        using var admin = Node.CreateAdminClient();
        await SubscribeAsync(admin, "account.upgraded");
        var account = TestData.Account("upgrade");
        await Node.VerifyAccountAsync(account, TestData.IdNumber());
        var session = (await Node.CreateSessionAsync(account, method: "legal_person_face")).AssertStatus(HttpStatusCode.Created).Str("id")!;
        var qr = (await Node.PostJsonAsync($"/v1/sessions/{session}/identity", JsonSerializer.Serialize(new
        {
            subjectType = "enterprise",
            enterpriseName = "北京测试科技有限公司",
            creditCode = TestData.CreditCode(),
            legalPersonName = TestData.Name,
            legalPersonIdNumber = TestData.IdNumber(),
        }))).AssertStatus(HttpStatusCode.OK);
        var token = RealNameNode.TokenFrom(qr.Str("qr", "scanUrl")!);
        (await Node.ScanAsync(token, "app_legal")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", (await Node.PostFaceResultAsync(token, passed: true)).Str("status"));

        var upgraded = (await DeliveredAsync("account.upgraded", "accountId", account)).GetProperty("data").GetProperty("object");
        Assert.Equal("enterprise", upgraded.GetProperty("level").GetString());
        Assert.Equal(TestData.MaskedName, upgraded.GetProperty("identity").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Should_give_up_after_the_maximum_age_and_disable_the_endpoint_visibly()
    {
        using var admin = Node.CreateAdminClient();
        var (endpoint, _) = await SubscribeAsync(admin, "session.canceled");
        Receiver.Failing = true;
        var canceled = await Node.CreateSessionIdAsync(TestData.Account("giveup"));
        (await Node.CancelAsync(canceled)).AssertStatus(HttpStatusCode.OK);
        await Eventually.AwaitAssertAsync(async () => Assert.Equal(500,
            (await admin.GetFromJsonAsync<JsonElement>($"/admin/webhooks/{endpoint}/deliveries")).GetProperty("data")[0].GetProperty("lastStatus").GetInt32()));

        // The node's clock past the 3 days (WebhookSettings.MaxAge): the next attempt is due, fails, and is the last.
        Node.Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));

        await Eventually.AwaitAssertAsync(async () =>
        {
            var log = await admin.GetFromJsonAsync<JsonElement>($"/admin/webhooks/{endpoint}/deliveries");
            Assert.Equal("failed", log.GetProperty("data")[0].GetProperty("status").GetString());
            var listed = (await admin.GetFromJsonAsync<JsonElement>("/admin/webhooks")).GetProperty("data").EnumerateArray()
                .Single(e => e.GetProperty("id").GetString() == endpoint);
            Assert.Equal("disabled", listed.GetProperty("status").GetString());
        }, TimeSpan.FromSeconds(30));
        var metrics = await admin.GetStringAsync("/metrics");
        Assert.Matches(@"realname_webhook_endpoints_disabled_total(\{[^}]*\})? [1-9]", metrics);
    }
}
