using System.Globalization;
using System.Net;
using RealName.Abuse.Tests.Infrastructure;

namespace RealName.Abuse.Tests;

/// <summary>
/// Three node processes on one PostgreSQL journal with the default budgets: a budget spent through one
/// node is refused through the others — the cluster keeps one budget, not one per node. The figures
/// fill the report's three-node column.
/// </summary>
public sealed class ClusterBudgetSpecs
{
    private const string Spec = nameof(ClusterBudgetSpecs) + "." + nameof(Should_keep_each_budget_once_across_three_nodes_whichever_node_spends_it);

    /// <summary>Per-node budgets would have given three times as much.</summary>
    private const int Nodes = 3;

    /// <summary>What an SMS costs (a typical Chinese gateway price) and how many a flood of issue 16 sent: 120 in 0.6 s.</summary>
    private const double SmsPrice = 0.05;
    private const int FloodSessions = 120;

    [Fact]
    public async Task Should_keep_each_budget_once_across_three_nodes_whichever_node_spends_it()
    {
        await using var cluster = await TestCluster.StartAsync(Nodes, _ => new Dictionary<string, string> { ["RealName:RateLimits:Enabled"] = "true" });
        var nodes = cluster.Nodes;
        HttpClient Through(int i) => nodes[i % Nodes].Client;

        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Created, (await nodes[0].Client.CreateSessionAsync("acc_cluster_1")).StatusCode);
        foreach (var other in nodes.Skip(1))
        {
            using var refused = await other.Client.CreateSessionAsync("acc_cluster_1");
            await BudgetSpecs.AssertRefused(refused, 429, "rate_limited");
        }
        var sms = await SubmissionsUntilRefused(Through, 25, i => ("mobile", $"acc_cl_sms_{i}", """{"name":"张三","idNumber":"11010519491231002X","phone":"13800138555"}"""));
        var ids = await SubmissionsUntilRefused(Through, 25, i => ("face", $"acc_cl_id_{i}", """{"name":"张三","idNumber":"110105194912310011"}"""));
        var credit = await SubmissionsUntilRefused(Through, 15, i => ("corporate_account", $"acc_cl_e2_{i}",
            $$"""{"subjectType":"enterprise","enterpriseName":"北京测试有限公司","creditCode":"91350100M000100Y43","bankName":"ICBC","accountNumber":"1100223344{{i:D6}}"}"""));
        var (qrSession, _) = await nodes[0].Client.AwaitingScanAsync("acc_cl_qr", "110105194912310038");
        var refreshes = await BudgetSpecs.GrantedUntilRefused(35, i => Through(i).PostJsonAsync($"/v1/sessions/{qrSession}/qr", "{}"));
        var targets = await SubmissionsUntilRefused(Through, 15, i => ("associate", $"acc_cl_p5_{i}", """{"groupAccount":"jd_cluster_target"}"""));
        var (scanSession, genuine) = await nodes[1].Client.AwaitingScanAsync("acc_cl_scan", "110105194912310046");
        var junk = $"{scanSession}.{Guid.NewGuid():N}";
        var junkScans = await BudgetSpecs.GrantedUntilRefused(35, i => ScanAsync(Through(i), junk), HttpStatusCode.NotFound);
        using var ownerScan = await ScanAsync(nodes[2].Client, genuine);

        Assert.Equal((5, 10, 5, 10, 5, 10), (sms, ids, credit, refreshes, targets, junkScans));
        Assert.Equal(HttpStatusCode.OK, ownerScan.StatusCode);
        AbuseReport.Budget("sessions of one account through every node", "`SessionsPerAccount` 10/10 min", Spec,
            threeNodes: "10 through A; the 11th refused through B and through C (per-node budgets gave 30)");
        AbuseReport.Budget("SMS flood: mobile sessions with random accounts, one phone", "`SmsPerPhone` 5/h + `SmsPerPhonePerDay` 10/day", Spec,
            threeNodes: string.Create(CultureInfo.InvariantCulture,
                $"sessions through A, B, C in turn: {sms} SMS sent, the next refused 429 (per-node budgets gave {sms * Nodes}); the {FloodSessions}-session flood costs ¥{sms * SmsPrice:0.00} an hour instead of ¥{FloodSessions * SmsPrice:0.00} in 0.6 s"));
        AbuseReport.Budget("identity submissions of one ID number across accounts", "`SubmissionsPerIdNumber` 10/h", Spec,
            threeNodes: $"{ids} through A, B, C in turn (per-node budgets gave {ids * Nodes})");
        AbuseReport.Budget("E2 brute force of one credit code across sessions", "`SubmissionsPerCreditCode` 5/day", Spec,
            threeNodes: $"{credit} sessions a day through A, B, C in turn (per-node budgets gave {credit * Nodes})");
        AbuseReport.Budget("QR refresh flood (each an fsync'd event replayed on recovery)", "`QrRefreshesPerSession` 10/10 min", Spec,
            threeNodes: $"{refreshes} refreshes of one session through A, B, C in turn (per-node budgets gave {refreshes * Nodes})");
        AbuseReport.Budget("P5: accounts associating one target group account (SMS to its phone, code guesses)", "`SubmissionsPerGroupAccount` 5/h (and the phone's SMS budget)", Spec,
            threeNodes: $"{targets} sessions an hour through A, B, C in turn (per-node budgets gave {targets * Nodes})");
        AbuseReport.Budget("locking a victim's scan with junk scans naming its session", "`ScansPerToken` 10/2 min (per token hash) + `ScansPerIp` 60/min", Spec,
            threeNodes: $"one junk token scanned through A, B, C in turn: {junkScans} answered 404, then 429 (per-node budgets gave {junkScans * Nodes}); the genuine scan through C still 200");
    }

    /// <summary>The app's signed scan callback, signed now (the node processes keep real time).</summary>
    private static Task<HttpResponseMessage> ScanAsync(HttpClient client, string token) => client.Api().ScanAsync(token, "app_cluster");

    /// <summary>Sessions of <paramref name="attempt"/>'s method, each created and submitted through the node of its turn, until the first 429.</summary>
    private static Task<int> SubmissionsUntilRefused(Func<int, HttpClient> through, int tries, Func<int, (string Method, string Account, string Body)> attempt) =>
        BudgetSpecs.GrantedUntilRefused(tries, async i =>
        {
            var (method, account, body) = attempt(i);
            var client = through(i);
            var id = (await client.CreateSessionJsonAsync(account, method)).GetProperty("id").GetString()!;
            return await client.PostJsonAsync($"/v1/sessions/{id}/identity", body);
        });
}
