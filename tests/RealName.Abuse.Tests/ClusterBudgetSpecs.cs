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
            await BudgetSpecs.AssertRefused(refused, 429, "rate_limited", "SessionsPerAccount");
        }
        var sms = await SubmissionsUntilRefused(Through, 25, "SmsPerPhone", i => ("mobile", $"acc_cl_sms_{i}", """{"name":"张三","idNumber":"11010519491231002X","phone":"13800138555"}"""));
        var ids = await SubmissionsUntilRefused(Through, 25, "SubmissionsPerIdNumber", i => ("face", $"acc_cl_id_{i}", """{"name":"张三","idNumber":"110105194912310011"}"""));
        var credit = await SubmissionsUntilRefused(Through, 15, "SubmissionsPerCreditCode", i => ("corporate_account", $"acc_cl_e2_{i}", E2Body("91350100M000100Y43", $"1100223344{i:D6}")));
        var corporate = await SubmissionsUntilRefused(Through, 15, "SubmissionsPerCorporateAccount", i => ("corporate_account", $"acc_cl_e2ca_{i}", E2Body(CreditCodeNumber(i), "6222020200112233")));
        var (qrSession, _) = await nodes[0].Client.AwaitingScanAsync("acc_cl_qr", "110105194912310038");
        var refreshes = await BudgetSpecs.GrantedUntilRefused(35, "QrRefreshesPerSession", i => Through(i).PostJsonAsync($"/v1/sessions/{qrSession}/qr", "{}"));
        // Both 5/h: the refusal's budget tells the target's own budget from its phone's SMS budget.
        var targets = await SubmissionsUntilRefused(Through, 15, "SubmissionsPerGroupAccount", i => ("associate", $"acc_cl_p5_{i}", """{"groupAccount":"jd_cluster_target"}"""));
        var (scanSession, genuine) = await nodes[1].Client.AwaitingScanAsync("acc_cl_scan", "110105194912310046");
        var junk = $"{scanSession}.{Guid.NewGuid():N}";
        var junkScans = await BudgetSpecs.GrantedUntilRefused(35, "ScansPerToken", i => ScanAsync(Through(i), junk), HttpStatusCode.NotFound);
        using var ownerScan = await ScanAsync(nodes[2].Client, genuine);
        var (appealsStored, appealRequests) = await AppealsUntilRefused(nodes);

        Assert.Equal((5, 10, 5, 5, 10, 5, 10), (sms, ids, credit, corporate, refreshes, targets, junkScans));
        Assert.Equal(HttpStatusCode.OK, ownerScan.StatusCode);
        Assert.Equal((1, 3), (appealsStored, appealRequests));
        AbuseReport.Budget("sessions of one account through every node", "`SessionsPerAccount` 10/10 min", Spec,
            threeNodes: "10 through A; the 11th refused through B and through C (per-node budgets gave 30)");
        AbuseReport.Budget("SMS flood: mobile sessions with random accounts, one phone", "`SmsPerPhone` 5/h + `SmsPerPhonePerDay` 10/day", Spec,
            threeNodes: string.Create(CultureInfo.InvariantCulture,
                $"sessions through A, B, C in turn: {sms} SMS sent, the next refused 429 (per-node budgets gave {sms * Nodes}); the {FloodSessions}-session flood costs ¥{sms * SmsPrice:0.00} an hour instead of ¥{FloodSessions * SmsPrice:0.00} in 0.6 s"));
        AbuseReport.Budget("identity submissions of one ID number across accounts", "`SubmissionsPerIdNumber` 10/h", Spec,
            threeNodes: $"{ids} through A, B, C in turn (per-node budgets gave {ids * Nodes})");
        AbuseReport.Budget("E2 brute force of one credit code across sessions", "`SubmissionsPerCreditCode` 5/day", Spec,
            threeNodes: $"{credit} sessions a day through A, B, C in turn (per-node budgets gave {credit * Nodes})");
        AbuseReport.Budget("E2 payments to one corporate account across sessions", "`SubmissionsPerCorporateAccount` 5/day", Spec,
            threeNodes: $"{corporate} sessions a day with different credit codes through A, B, C in turn (per-node budgets gave {corporate * Nodes})");
        AbuseReport.Budget("identical appeals flood", "one open appeal per account + ID number; `AppealsPerAccount` 3/day, `AppealsPerIp` 60/h", Spec,
            threeNodes: $"the same appeal through A, B, C: {appealsStored} stored, {appealRequests} answered with it, the next refused through A (per-node budgets gave {appealRequests * Nodes})");
        AbuseReport.Budget("QR refresh flood (each an fsync'd event replayed on recovery)", "`QrRefreshesPerSession` 10/10 min", Spec,
            threeNodes: $"{refreshes} refreshes of one session through A, B, C in turn (per-node budgets gave {refreshes * Nodes})");
        AbuseReport.Budget("P5: accounts associating one target group account (SMS to its phone, code guesses)", "`SubmissionsPerGroupAccount` 5/h (and the phone's SMS budget)", Spec,
            threeNodes: $"{targets} sessions an hour through A, B, C in turn (per-node budgets gave {targets * Nodes})");
        AbuseReport.Budget("locking a victim's scan with junk scans naming its session", "`ScansPerToken` 10/2 min (per token hash) + `ScansPerIp` 60/min", Spec,
            threeNodes: $"one junk token scanned through A, B, C in turn: {junkScans} answered 404, then 429 (per-node budgets gave {junkScans * Nodes}); the genuine scan through C still 200");
    }

    /// <summary>The app's signed scan callback, signed now (the node processes keep real time).</summary>
    private static Task<HttpResponseMessage> ScanAsync(HttpClient client, string token) => client.Api().ScanAsync(token, "app_cluster");

    /// <summary>
    /// One verified holder of an ID number, then the same appeal against it filed through A, B, C, A…: how many
    /// appeals the cluster stores and how many requests it answered before <c>AppealsPerAccount</c> refused.
    /// </summary>
    private static async Task<(int Stored, int Answered)> AppealsUntilRefused(IReadOnlyList<NodeProcess> nodes)
    {
        await VerifyAsync(nodes[0].Client, "acc_cl_holder", "110105194912310054");
        const string appeal = """{"accountId":"acc_cl_appellant","name":"张三","idNumber":"110105194912310054","contact":"a@b.c","reason":"mine"}""";
        using var first = await nodes[0].Client.PostJsonAsync("/v1/appeals", appeal);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var ids = new HashSet<string> { await AppealId(first) };
        var again = await BudgetSpecs.GrantedUntilRefused(10, "AppealsPerAccount", async i =>
        {
            var answer = await nodes[(i + 1) % Nodes].Client.PostJsonAsync("/v1/appeals", appeal);
            if (answer.StatusCode == HttpStatusCode.OK)
                ids.Add(await AppealId(answer));
            return answer;
        });
        return (ids.Count, 1 + again);
    }

    private static async Task<string> AppealId(HttpResponseMessage answer) =>
        System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

    /// <summary>A P1 flow to <c>verified</c> through one node: identity, the app's signed scan, a passing signed face result.</summary>
    private static async Task VerifyAsync(HttpClient client, string account, string idNumber)
    {
        var (id, token) = await client.AwaitingScanAsync(account, idNumber);
        using var scan = await ScanAsync(client, token);
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        var bizToken = System.Text.Json.JsonDocument.Parse(await scan.Content.ReadAsStringAsync()).RootElement.GetProperty("face").GetProperty("bizToken").GetString();
        var body = System.Text.Encoding.UTF8.GetBytes($$"""{"bizToken":"{{bizToken}}","passed":true,"similarity":0.93,"liveness":true,"providerRef":"f"}""");
        using var face = await client.PostWithSignatureAsync("/v1/face-results", body,
            RealName.Host.Http.CallbackSignature.BuildHeader(NodeCalls.FaceSecret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Guid.NewGuid().ToString("N"), body));
        Assert.Equal(HttpStatusCode.OK, face.StatusCode);
        await Eventually.AwaitAssertAsync(async () =>
        {
            using var read = await client.GetAsync($"/v1/sessions/{id}");
            Assert.Equal("verified", System.Text.Json.JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }, TimeSpan.FromSeconds(30));
    }

    private static string E2Body(string creditCode, string accountNumber) =>
        $$"""{"subjectType":"enterprise","enterpriseName":"北京测试有限公司","creditCode":"{{creditCode}}","bankName":"ICBC","accountNumber":"{{accountNumber}}"}""";

    /// <summary>A valid unified social credit code of its own for each <paramref name="n"/>.</summary>
    private static string CreditCodeNumber(int n)
    {
        var body = $"91350100M0001{n:D4}";
        return body + RealName.Domain.Identities.CreditCode.ComputeCheckCharacter(body);
    }

    /// <summary>Sessions of <paramref name="attempt"/>'s method, each created and submitted through the node of its turn, until the first 429 from <paramref name="budget"/>.</summary>
    private static Task<int> SubmissionsUntilRefused(Func<int, HttpClient> through, int tries, string budget, Func<int, (string Method, string Account, string Body)> attempt) =>
        BudgetSpecs.GrantedUntilRefused(tries, budget, async i =>
        {
            var (method, account, body) = attempt(i);
            var client = through(i);
            var id = (await client.CreateSessionJsonAsync(account, method)).GetProperty("id").GetString()!;
            return await client.PostJsonAsync($"/v1/sessions/{id}/identity", body);
        });
}
