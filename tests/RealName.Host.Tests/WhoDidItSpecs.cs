using System.Net;
using System.Net.Http.Headers;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>
/// Issue 14, item 7 ("who did it"): API keys and admin tokens have names, keys have scopes, and the
/// names are recorded on each session's history and on every operator decision.
/// </summary>
public sealed class WhoDidItSpecs : IAsyncLifetime
{
    private const string ReaderKey = "reader_key_0123456789abcdef";
    private const string DeskKey = "desk_key_0123456789abcdef";
    private RealNameNode _node = null!;

    // The node's own client presents rn_test_key, configured here as the key "web"; its admin client
    // presents rn_test_admin, configured as the admin token "alice".
    public async Task InitializeAsync() => _node = await RealNameNode.StartAsync(new Dictionary<string, string?>
    {
        ["RealName:ApiKeys:0:Name"] = "web",
        ["RealName:ApiKeys:0:Key"] = RealNameNode.ApiKey,
        ["RealName:ApiKeys:0:Scopes:0"] = "sessions",
        ["RealName:ApiKeys:0:Scopes:1"] = "read",
        ["RealName:ApiKeys:1:Name"] = "reader",
        ["RealName:ApiKeys:1:Key"] = ReaderKey,
        ["RealName:ApiKeys:1:Scopes:0"] = "read",
        ["RealName:ApiKeys:2:Name"] = "desk",
        ["RealName:ApiKeys:2:Key"] = DeskKey,
        ["RealName:ApiKeys:2:Scopes:0"] = "appeals",
        ["RealName:AdminTokens:0:Name"] = "alice",
        ["RealName:AdminTokens:0:Token"] = "rn_test_admin",
    });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Should_refuse_an_appeal_from_a_key_without_the_appeals_scope()
    {
        var filed = await _node.PostJsonAsync("/v1/appeals",
            $"{{\"accountId\":\"{TestData.Account("web-appeal")}\",\"name\":\"{TestData.Name}\",\"idNumber\":\"{TestData.IdNumber()}\",\"contact\":\"a@example.com\",\"reason\":\"mine\"}}");

        filed.AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Contains("web", filed.Str("detail"));
        (await With(ReaderKey, HttpMethod.Get, "/v1/appeals/ap_unknown", null)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Should_let_a_read_only_key_read_sessions_but_not_create_or_drive_them()
    {
        var sessionId = await _node.CreateSessionIdAsync(TestData.Account("read-only"));

        (await With(ReaderKey, HttpMethod.Post, "/v1/sessions", "{\"accountId\":\"acc_read_only\",\"method\":\"face\"}"))
            .AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await With(ReaderKey, HttpMethod.Post, $"/v1/sessions/{sessionId}/cancel", "{}")).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await With(ReaderKey, HttpMethod.Get, $"/v1/sessions/{sessionId}/qr.svg", null)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("requires_input", (await With(ReaderKey, HttpMethod.Get, $"/v1/sessions/{sessionId}", null)).AssertStatus(HttpStatusCode.OK).Str("status"));
        (await With(ReaderKey, HttpMethod.Get, $"/v1/accounts/{TestData.Account("read-only")}/verification", null)).AssertStatus(HttpStatusCode.OK);
        (await With(DeskKey, HttpMethod.Get, $"/v1/sessions/{sessionId}", null)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Should_show_who_caused_each_history_entry_of_a_session_driven_by_the_key_web()
    {
        var (sessionId, token) = await _node.StartAwaitingScanAsync(TestData.Account("web-driven"), TestData.Name, TestData.IdNumber());
        (await _node.ScanAsync(token, "app_7")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", (await _node.PostFaceResultAsync(token, passed: true)).Str("status"));

        using var admin = _node.CreateAdminClient();
        var inspected = (await ApiResponse.From(await admin.GetAsync($"/admin/sessions/{sessionId}"))).AssertStatus(HttpStatusCode.OK);

        var history = inspected.Find("timeline")!.Value.EnumerateArray().Select(e => (e.GetProperty("event").GetString(), e.GetProperty("by").GetString())).ToList();
        Assert.Equal(
            [("created", "web"), ("identity_accepted", "web"), ("qr_scanned", "app"), ("face_passed", "face-provider"), ("verified", "system")],
            history);
    }

    [Fact]
    public async Task Should_record_the_admin_token_name_on_an_appeal_approval_and_a_rejection()
    {
        var idNumber = TestData.IdNumber();
        await _node.VerifyAccountAsync(TestData.Account("holder"), idNumber);
        var approved = await DecideAsync(await FileAppealAsync(TestData.Account("appellant"), idNumber), "approve");
        var rejected = await DecideAsync(await FileAppealAsync(TestData.Account("appellant"), idNumber), "reject");

        Assert.Equal("alice", approved.AssertStatus(HttpStatusCode.OK).Str("decidedBy"));
        Assert.Equal("alice", rejected.AssertStatus(HttpStatusCode.OK).Str("decidedBy"));
        using var admin = _node.CreateAdminClient();
        var list = await ApiResponse.From(await admin.GetAsync("/admin/appeals"));
        Assert.Contains(list.Find("appeals")!.Value.EnumerateArray(), a => a.GetProperty("id").GetString() == approved.Str("id") && a.GetProperty("decidedBy").GetString() == "alice");
    }

    [Fact]
    public async Task Should_record_the_admin_token_name_on_an_erasure_and_on_the_sessions_that_forget()
    {
        var account = TestData.Account("erased");
        var (sessionId, _) = await _node.StartAwaitingScanAsync(account, TestData.Name, TestData.IdNumber());
        using var admin = _node.CreateAdminClient();

        var erased = (await ApiResponse.From(await admin.DeleteAsync($"/v1/accounts/{account}/verification"))).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("alice", erased.Str("erasedBy"));
        await Eventually.AwaitAssertAsync(async () =>
        {
            var inspected = await ApiResponse.From(await admin.GetAsync($"/admin/sessions/{sessionId}"));
            Assert.Contains(inspected.Find("timeline")!.Value.EnumerateArray(),
                e => e.GetProperty("event").GetString() == "personal_data_erased" && e.GetProperty("by").GetString() == "alice");
        });
    }

    private async Task<ApiResponse> With(string key, HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        if (body is not null)
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        return await ApiResponse.From(await _node.AnonymousClient.SendAsync(request));
    }

    private async Task<string> FileAppealAsync(string account, string idNumber) =>
        (await With(DeskKey, HttpMethod.Post, "/v1/appeals",
            $"{{\"accountId\":\"{account}\",\"name\":\"{TestData.Name}\",\"idNumber\":\"{idNumber}\",\"contact\":\"a@example.com\",\"reason\":\"mine\"}}"))
        .AssertStatus(HttpStatusCode.Created).Str("id")!;

    private async Task<ApiResponse> DecideAsync(string appealId, string verb)
    {
        using var admin = _node.CreateAdminClient();
        using var content = new StringContent("{\"reason\":\"checked\"}", System.Text.Encoding.UTF8, "application/json");
        return await ApiResponse.From(await admin.PostAsync($"/admin/appeals/{appealId}/{verb}", content));
    }
}
