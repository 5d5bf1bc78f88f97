using System.Net;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RealName.Abuse.Tests.Infrastructure;
using RealName.Actors.Budgets;

namespace RealName.Abuse.Tests;

/// <summary>
/// The budgets fail closed: when the budget region cannot answer (here its keepers are stopped on a
/// running node, so every spend goes unanswered), a budgeted request is refused with
/// <c>503 budget_unavailable</c> and <c>Retry-After</c>, and nothing is done — no session created,
/// no submission, no SMS. Failing open would let these requests through.
/// </summary>
public sealed class BudgetFailClosedSpecs
{
    [Fact]
    public async Task Should_refuse_with_503_budget_unavailable_and_send_nothing_when_the_budget_region_cannot_answer()
    {
        await using var node = await AbuseNode.StartAsync(new Dictionary<string, string?> { ["RealName:RateLimits:Timeout"] = "00:00:01" });
        using var client = node.CreateClient();
        using var admin = node.CreateAdminClient();
        var id = (await client.CreateSessionJsonAsync("acc_fail_closed_1", "mobile")).GetProperty("id").GetString()!;

        var keepers = node.Services.GetRequiredService<ActorRegistry>().Get<ClusterBudgetMarker>();
        Assert.True(await keepers.GracefulStop(TimeSpan.FromSeconds(10)));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        using var creation = await client.CreateSessionAsync("acc_fail_closed_2");
        waited.Stop();
        using var submission = await client.PostJsonAsync($"/v1/sessions/{id}/identity", """{"name":"张三","idNumber":"11010519491231002X","phone":"13800138321"}""");

        await BudgetSpecs.AssertRefused(creation, 503, "budget_unavailable");
        await BudgetSpecs.AssertRefused(submission, 503, "budget_unavailable");
        Assert.Equal(TimeSpan.FromSeconds(1), submission.Headers.RetryAfter?.Delta);
        Assert.Equal("requires_input", await StatusAsync(client, id));
        Assert.Equal(0, await SmsSentAsync(admin));
        AbuseReport.Budget("the budget region cannot answer (failing open would grant every spend)", "`Timeout` (2 s by default; 1 s here): fail closed",
            nameof(BudgetFailClosedSpecs) + "." + nameof(Should_refuse_with_503_budget_unavailable_and_send_nothing_when_the_budget_region_cannot_answer),
            oneNode: $"`503 budget_unavailable`, `Retry-After: 1`, after {waited.Elapsed.TotalSeconds:0.0} s; no session created, the submission not made, 0 SMS sent");
    }

    private static async Task<string?> StatusAsync(HttpClient client, string id)
    {
        using var read = await client.GetAsync($"/v1/sessions/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        return JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString();
    }

    private static async Task<int> SmsSentAsync(HttpClient admin)
    {
        using var outbox = await admin.GetAsync("/admin/sms/outbox");
        Assert.Equal(HttpStatusCode.OK, outbox.StatusCode);
        return JsonDocument.Parse(await outbox.Content.ReadAsStringAsync()).RootElement.GetProperty("messages").GetArrayLength();
    }
}
