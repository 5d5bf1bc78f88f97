using System.Globalization;
using System.Net;
using System.Text.Json;
using RealName.Abuse.Tests.Infrastructure;
using RealName.Client;

namespace RealName.Abuse.Tests;

/// <summary>
/// The cluster's budgets on one real node (the budget region of a one-node cluster): each attack of
/// issue 16 and 14.5 is stopped where its budget says, and the owner of a session is never locked out.
/// Each spec fails without its budget (the defaults, or one budget raised to isolate another).
/// </summary>
public sealed class BudgetSpecs
{
    private const string Phone = "13800138123";

    [Fact]
    public async Task Should_send_at_most_five_sms_an_hour_and_ten_a_day_to_one_phone_across_sessions()
    {
        await using var node = await AbuseNode.StartAsync();
        using var client = node.CreateClient();

        var firstHour = await SendsUntilRefused(client, "sms1", 8);
        node.Clock.Advance(TimeSpan.FromHours(1));
        var secondHour = await SendsUntilRefused(client, "sms2", 8);
        node.Clock.Advance(TimeSpan.FromHours(1));
        var thirdHour = await SendsUntilRefused(client, "sms3", 8);

        Assert.Equal((5, 5, 0), (firstHour, secondHour, thirdHour));
        AbuseReport.Budget("SMS flood: mobile sessions with random accounts, one phone", "`SmsPerPhone` 5/h + `SmsPerPhonePerDay` 10/day",
            nameof(BudgetSpecs) + "." + nameof(Should_send_at_most_five_sms_an_hour_and_ten_a_day_to_one_phone_across_sessions),
            oneNode: string.Create(CultureInfo.InvariantCulture, $"{firstHour} SMS in the first hour, {firstHour + secondHour + thirdHour} a day (was 120 in 0.6 s); ≤ 3,650 SMS a year per phone, ≈ ¥183 at ¥0.05"));
    }

    [Fact]
    public async Task Should_bound_associations_to_one_target_group_account_across_sessions()
    {
        // The phone budget raised: this spec holds the target's own budget.
        await using var node = await AbuseNode.StartAsync(new Dictionary<string, string?> { ["RealName:RateLimits:SmsPerPhone:Permits"] = "100", ["RealName:RateLimits:SmsPerPhonePerDay:Permits"] = "100" });
        using var client = node.CreateClient();

        var granted = await GrantedUntilRefused(8, "SubmissionsPerGroupAccount", async i =>
        {
            var id = await Create(client, $"acc_p5_{i}", "associate");
            return await client.PostJsonAsync($"/v1/sessions/{id}/identity", """{"groupAccount":"jd_target_1"}""");
        });

        Assert.Equal(5, granted);
        AbuseReport.Budget("P5: accounts associating one target group account (SMS to its phone, code guesses)", "`SubmissionsPerGroupAccount` 5/h (and the phone's SMS budget)",
            nameof(BudgetSpecs) + "." + nameof(Should_bound_associations_to_one_target_group_account_across_sessions),
            oneNode: $"{granted} sessions an hour (was 25 SMS from 25 accounts); ≤ 5 code guesses each: ≤ 25 guesses/h of 10^6 codes");
    }

    [Fact]
    public async Task Should_bound_e2_submissions_per_credit_code_across_sessions()
    {
        await using var node = await AbuseNode.StartAsync(new Dictionary<string, string?> { ["RealName:RateLimits:SubmissionsPerCorporateAccount:Permits"] = "100" });
        using var client = node.CreateClient();

        var granted = await E2UntilRefused(client, "cc", "SubmissionsPerCreditCode", i => $"1100223344{i:D6}");

        Assert.Equal(5, granted);
        // 99 amounts × 32^6 remark codes; three guesses a session; five sessions a day per credit code.
        var days = 99 * Math.Pow(32, 6) / 2 / (granted * 3);
        AbuseReport.Budget("E2 brute force of one credit code across sessions", "`SubmissionsPerCreditCode` 5/day",
            nameof(BudgetSpecs) + "." + nameof(Should_bound_e2_submissions_per_credit_code_across_sessions),
            oneNode: string.Create(CultureInfo.InvariantCulture, $"{granted} sessions a day = {granted * 3} guesses/day; expected ≈ {days:0.0e0} days to hit (was 84 guesses in 12 s)"));
    }

    [Fact]
    public async Task Should_bound_e2_submissions_per_corporate_account_across_sessions()
    {
        await using var node = await AbuseNode.StartAsync(new Dictionary<string, string?> { ["RealName:RateLimits:SubmissionsPerCreditCode:Permits"] = "100" });
        using var client = node.CreateClient();

        var granted = await E2UntilRefused(client, "ca", "SubmissionsPerCorporateAccount", _ => "1100223344556677");

        Assert.Equal(5, granted);
        AbuseReport.Budget("E2 payments to one corporate account across sessions", "`SubmissionsPerCorporateAccount` 5/day",
            nameof(BudgetSpecs) + "." + nameof(Should_bound_e2_submissions_per_corporate_account_across_sessions), oneNode: $"{granted} payments a day");
    }

    [Fact]
    public async Task Should_throttle_qr_refreshes_of_a_session()
    {
        await using var node = await AbuseNode.StartAsync();
        using var client = node.CreateClient();
        var (id, _) = await client.AwaitingScanAsync("acc_qr_1", "11010519491231002X");

        var refreshed = await GrantedUntilRefused(15, "QrRefreshesPerSession", _ => client.PostJsonAsync($"/v1/sessions/{id}/qr", "{}"));

        Assert.Equal(10, refreshed);
        AbuseReport.Budget("QR refresh flood (each an fsync'd event replayed on recovery)", "`QrRefreshesPerSession` 10/10 min",
            nameof(BudgetSpecs) + "." + nameof(Should_throttle_qr_refreshes_of_a_session),
            oneNode: $"{refreshed} refreshes per 10 min (was 4,000 in 5.3 s); ≤ 30 QR events in a 30-min session's recovery");
    }

    [Fact]
    public async Task Should_not_let_junk_scans_naming_a_session_block_its_genuine_scan()
    {
        await using var node = await AbuseNode.StartAsync();
        using var client = node.CreateClient();
        var (id, token) = await client.AwaitingScanAsync("acc_scan_1", "11010519491231002X");

        for (var i = 0; i < 10; i++)
        {
            using var junk = await client.PostSignedAsync(node, "/v1/scan", $$"""{"token":"{{id}}.{{Guid.NewGuid():N}}","appUserId":"app_junk"}""", NodeCalls.AppSecret);
            Assert.Equal(HttpStatusCode.NotFound, junk.StatusCode);
        }
        using var genuine = await client.PostSignedAsync(node, "/v1/scan", $$"""{"token":"{{token}}","appUserId":"app_owner"}""", NodeCalls.AppSecret);

        Assert.Equal(HttpStatusCode.OK, genuine.StatusCode);
        AbuseReport.Budget("locking a victim's scan with junk scans naming its session", "`ScansPerToken` 10/2 min (per token hash) + `ScansPerIp` 60/min",
            nameof(BudgetSpecs) + "." + nameof(Should_not_let_junk_scans_naming_a_session_block_its_genuine_scan),
            oneNode: "10 junk scans: the genuine scan still answers 200 (was blocked for 2 min)");
    }

    [Fact]
    public async Task Should_answer_the_same_appeal_with_the_open_one_and_bound_appeals_per_account()
    {
        await using var node = await AbuseNode.StartAsync();
        using var client = node.CreateClient();
        await VerifyAsync(node, client, "acc_holder_1", "11010519491231002X");
        const string appeal = """{"accountId":"acc_appellant_1","name":"张三","idNumber":"11010519491231002X","contact":"a@b.c","reason":"mine"}""";

        using var first = await client.PostJsonAsync("/v1/appeals", appeal);
        var firstId = await AppealId(first, HttpStatusCode.Created);
        using var second = await client.PostJsonAsync("/v1/appeals", appeal);
        var secondId = await AppealId(second, HttpStatusCode.OK);
        using var third = await client.PostJsonAsync("/v1/appeals", appeal);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        using var fourth = await client.PostJsonAsync("/v1/appeals", appeal);

        Assert.Equal(firstId, secondId);
        await AssertRefused(fourth, 429, "rate_limited", "AppealsPerAccount");
        using var admin = node.CreateAdminClient();
        using var list = await admin.GetAsync("/admin/appeals");
        Assert.Single(JsonDocument.Parse(await list.Content.ReadAsStringAsync()).RootElement.GetProperty("appeals").EnumerateArray());
        AbuseReport.Budget("identical appeals flood", "one open appeal per account + ID number; `AppealsPerAccount` 3/day, `AppealsPerIp` 60/h",
            nameof(BudgetSpecs) + "." + nameof(Should_answer_the_same_appeal_with_the_open_one_and_bound_appeals_per_account),
            oneNode: "1 appeal stored, the 4th request of the day refused (was 2,000 accepted in 3.9 s)");
    }

    [Fact]
    public async Task Should_not_spend_public_budgets_for_public_paths_on_the_admin_listener()
    {
        await using var node = await AbuseNode.StartAsync(new Dictionary<string, string?> { ["RealName:RateLimits:SessionsPerIp:Permits"] = "3" });
        using var client = node.CreateClient();
        using var admin = node.CreateAdminClient();

        for (var i = 0; i < 5; i++)
        {
            using var onAdmin = await admin.CreateSessionAsync("acc_admin_port");
            Assert.Equal(HttpStatusCode.NotFound, onAdmin.StatusCode);
        }
        using var publicCreate = await client.CreateSessionAsync("acc_admin_port");

        Assert.Equal(HttpStatusCode.Created, publicCreate.StatusCode);
    }

    private static Task<int> SendsUntilRefused(HttpClient client, string tag, int tries) => GrantedUntilRefused(tries, "SmsPerPhone", async i =>
    {
        var id = await Create(client, $"acc_{tag}_{i}", "mobile");
        return await client.PostJsonAsync($"/v1/sessions/{id}/identity", $$"""{"name":"张三","idNumber":"11010519491231002X","phone":"{{Phone}}"}""");
    });

    private static Task<int> E2UntilRefused(HttpClient client, string tag, string budget, Func<int, string> accountNumber) => GrantedUntilRefused(8, budget, async i =>
    {
        var id = await Create(client, $"acc_e2{tag}_{i}", "corporate_account");
        return await client.PostJsonAsync($"/v1/sessions/{id}/identity",
            $$"""{"subjectType":"enterprise","enterpriseName":"北京测试有限公司","creditCode":"91350100M000100Y43","bankName":"ICBC","accountNumber":"{{accountNumber(i)}}"}""");
    });

    /// <summary>
    /// How many attempts answered <paramref name="answered"/> (200 unless said) before the first <c>429 rate_limited</c>
    /// (checked for its problem+json, <c>Retry-After</c> and that <paramref name="budget"/> refused it, not another budget).
    /// </summary>
    internal static async Task<int> GrantedUntilRefused(int tries, string budget, Func<int, Task<HttpResponseMessage>> attempt, HttpStatusCode answered = HttpStatusCode.OK)
    {
        for (var i = 0; i < tries; i++)
        {
            using var answer = await attempt(i);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await AssertRefused(answer, 429, "rate_limited", budget);
                return i;
            }
            Assert.True(answer.StatusCode == answered, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }
        return tries;
    }

    /// <summary>A P1 flow to <c>verified</c>: identity, scan, a passing face result.</summary>
    internal static async Task VerifyAsync(AbuseNode node, HttpClient client, string account, string idNumber)
    {
        var (id, token) = await client.AwaitingScanAsync(account, idNumber);
        var api = client.Api(node.Time);
        using var scan = await api.ScanAsync(token, "app_" + account);
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        var bizToken = ApiAnswers.BizToken(JsonDocument.Parse(await scan.Content.ReadAsStringAsync()).RootElement)!;
        using var face = await api.PostFaceResultAsync(FaceResult.Pass(bizToken, "f"));
        Assert.Equal(HttpStatusCode.OK, face.StatusCode);
        await Eventually.AwaitAssertAsync(async () =>
        {
            using var read = await client.GetAsync($"/v1/sessions/{id}");
            Assert.Equal("verified", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }, TimeSpan.FromSeconds(30));
    }

    private static async Task<string> Create(HttpClient client, string account, string method) =>
        (await client.CreateSessionJsonAsync(account, method)).GetProperty("id").GetString()!;

    private static async Task<string> AppealId(HttpResponseMessage answer, HttpStatusCode expected)
    {
        var text = await answer.Content.ReadAsStringAsync();
        Assert.True(expected == answer.StatusCode, $"{answer.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>A problem+json refusal with <paramref name="code"/> and <c>Retry-After</c>; when <paramref name="budget"/> is given, the budget it names.</summary>
    internal static async Task AssertRefused(HttpResponseMessage answer, int status, string code, string? budget = null)
    {
        Assert.Equal(status, (int)answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.True(answer.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "Retry-After is missing");
        if (budget is not null)
            Assert.Equal(budget, problem.TryGetProperty("budget", out var named) ? named.GetString() : null);
    }
}
