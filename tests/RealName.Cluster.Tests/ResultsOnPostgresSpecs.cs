using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RealName.Cluster.Tests.Infrastructure;
using RealName.Host.Projections.Webhooks;

namespace RealName.Cluster.Tests;

/// <summary>
/// Issue 18 on PostgreSQL: the appeal desk's events (by persistence id) and the registry's
/// account-tagged events reach <c>rn_appeals</c> and the outbox through the plugin's queries, and
/// the list is served by a node that does not run the projection.
/// </summary>
public sealed class ResultsOnPostgresSpecs
{
    [Fact]
    public async Task Should_list_appeals_and_deliver_appeal_and_account_events_on_a_postgres_cluster()
    {
        var receiver = await WebhookReceiver.StartAsync();
        await using var _ = receiver;
        await using var cluster = await TestCluster.StartAsync(2, _ => new Dictionary<string, string>
        {
            ["RealName:Webhooks:PollInterval"] = "00:00:00.2",
        }, "akka.tcp");
        var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);
        using var added = await b.Admin.PostAsJsonAsync("/admin/webhooks", new { url = receiver.Url, events = new[] { "appeal.created", "appeal.decided", "account.revoked" } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var secret = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var idNumber = FlowClient.IdNumber(901);
        const string holder = "acc_pg_holder", appellant = "acc_pg_appellant";
        var session = await FlowClient.CreateAsync(b.Client, holder);
        var token = await FlowClient.SubmitAsync(b.Client, session, idNumber);
        using (var scan = await FlowClient.ScanAsync(b.Client, token))
            Assert.True(scan.IsSuccessStatusCode, await scan.Content.ReadAsStringAsync());
        using (var face = await FlowClient.FaceAsync(b.Client, token))
            Assert.True(face.IsSuccessStatusCode, await face.Content.ReadAsStringAsync());

        using var filed = await b.Client.PostAsJsonAsync("/v1/appeals", new { accountId = appellant, name = FlowClient.Name, idNumber, contact = "me@example.com", reason = "mine" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var appeal = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        using (var approved = await a.Admin.PostAsJsonAsync($"/admin/appeals/{appeal}/approve", new { reason = "certificate checked" }))
            Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());

        await Eventually.AwaitAssertAsync(async () =>
        {
            var page = await b.Client.GetFromJsonAsync<JsonElement>($"/v1/appeals?accountId={appellant}&status=approved");
            Assert.Equal(appeal, Assert.Single(page.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
            Assert.DoesNotContain(idNumber, page.GetRawText());
        }, TimeSpan.FromSeconds(60));
        await Eventually.AwaitAssertAsync(() =>
        {
            Assert.Equal(["account.revoked", "appeal.created", "appeal.decided"], receiver.Received.Select(r => r.Type).Distinct().Order());
            return Task.CompletedTask;
        }, TimeSpan.FromSeconds(60));
        Assert.All(receiver.Received, r =>
        {
            Assert.True(WebhookSignature.Verify(secret, r.Signature!, r.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
            Assert.DoesNotContain(idNumber, r.Body);
        });
        Assert.Contains(holder, receiver.Received.First(r => r.Type == "account.revoked").Body);
    }
}
