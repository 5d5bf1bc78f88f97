using System.Net;
using System.Text.RegularExpressions;
using RealName.Pages.Tests.Infrastructure;

namespace RealName.Pages.Tests;

/// <summary>The session URL's single-use link token and the page grant it is exchanged for (HTTP, no browser).</summary>
public sealed class PageLinkSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private async Task<(string Id, string Url)> CreateAsync(string prefix)
    {
        var created = await node.CreateSessionAsync(TestData.Account(prefix));
        created.AssertStatus(HttpStatusCode.Created);
        return (created.Str("id")!, created.Str("url")!);
    }

    [Fact]
    public async Task Should_point_the_session_url_at_the_hosted_page_with_a_fresh_link_token()
    {
        var (id, url) = await CreateAsync("link_url");
        Assert.Matches(new Regex($@"^http://127\.0\.0\.1:0/verify/{id}\?lt=\d+\.[0-9a-f]{{24}}\.[A-Za-z0-9_-]{{43}}$"), url);
        var again = (await node.GetSessionAsync(id)).Str("url");
        Assert.StartsWith($"http://127.0.0.1:0/verify/{id}?lt=", again);
        Assert.NotEqual(url, again);
    }

    [Fact]
    public async Task Should_exchange_a_link_token_once_for_a_page_grant_bound_to_its_session()
    {
        var (id, url) = await CreateAsync("link_once");
        using var browser = new PageClient(node);
        using var opened = await browser.OpenAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/verify/{id}", opened.Headers.Location?.ToString());
        var cookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"path=/verify/api/{id}", cookie, StringComparison.OrdinalIgnoreCase);
        (await browser.GetAsync($"/verify/api/{id}")).AssertStatus(HttpStatusCode.OK);

        using var thief = new PageClient(node);
        using var replayed = await thief.OpenAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.False(replayed.Headers.Contains("Set-Cookie"));
        (await thief.GetAsync($"/verify/api/{id}")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Should_refuse_a_link_token_after_thirty_minutes()
    {
        var (id, url) = await CreateAsync("link_late");
        node.Clock.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1));
        using var browser = new PageClient(node);
        using var opened = await browser.OpenAsync(url);
        Assert.False(opened.Headers.Contains("Set-Cookie"));
        (await browser.GetAsync($"/verify/api/{id}")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Should_refuse_a_link_token_or_a_grant_of_another_session()
    {
        var (idA, urlA) = await CreateAsync("link_a");
        var (idB, _) = await CreateAsync("link_b");
        var tokenOfA = new Uri(urlA).Query;
        using var browser = new PageClient(node);
        using var wrongSession = await browser.OpenAsync($"http://x/verify/{idB}{tokenOfA}");
        Assert.False(wrongSession.Headers.Contains("Set-Cookie"));

        using var opened = await browser.OpenAsync(urlA);
        var grantOfA = browser.GrantFor(idA);
        Assert.NotNull(grantOfA);
        using var forged = new HttpRequestMessage(HttpMethod.Get, $"/verify/api/{idB}");
        forged.Headers.Add("Cookie", $"rn_page={grantOfA}");
        using var raw = new HttpClient { BaseAddress = node.BaseAddress };
        (await ApiResponse.From(await raw.SendAsync(forged))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await browser.GetAsync($"/verify/api/{idB}")).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Should_serve_the_session_calls_to_the_page_under_its_grant_and_not_the_api_key()
    {
        var (id, url) = await CreateAsync("link_calls");
        (await node.SendAsync(HttpMethod.Get, $"/verify/api/{id}", null)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        using var browser = new PageClient(node);
        using var opened = await browser.OpenAsync(url);

        var identity = await browser.PostAsync($"/verify/api/{id}/identity", RealNameNode.Json(new() { ["name"] = TestData.Name, ["idNumber"] = TestData.IdNumber() }));
        identity.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("awaiting_scan", identity.Str("status"));
        Assert.Contains("/m/scan?t=", identity.Str("qr", "scanUrl"));
        var svg = await browser.GetAsync($"/verify/api/{id}/qr.svg");
        svg.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("image/svg+xml", svg.MediaType);
        (await browser.PostAsync($"/verify/api/{id}/method", """{"method":"mobile"}"""))
            .AssertProblem(HttpStatusCode.Conflict, "invalid_state");
        (await browser.PostAsync($"/verify/api/{id}/method", """{"method":"carrier_pigeon"}"""))
            .AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_file_a_page_appeal_for_the_sessions_own_account_whatever_the_body_names()
    {
        var idNumber = TestData.IdNumber();
        await node.VerifyAccountAsync(TestData.Account("link_holder"), idNumber);
        var (id, url) = await CreateAsync("link_appeal");
        var account = (await node.GetSessionAsync(id)).Str("accountId");
        var body = RealNameNode.Json(new()
        {
            ["accountId"] = TestData.Account("link_victim"),
            ["name"] = TestData.Name,
            ["idNumber"] = idNumber,
            ["contact"] = "appellant@example.com",
            ["reason"] = "not me",
        });
        using var stranger = new PageClient(node);
        (await stranger.PostAsync($"/verify/api/{id}/appeals", body)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");

        using var browser = new PageClient(node);
        using var opened = await browser.OpenAsync(url);
        var filed = await browser.PostAsync($"/verify/api/{id}/appeals", body);

        filed.AssertStatus(HttpStatusCode.Created).AssertNoRawPersonalData(idNumber);
        Assert.Equal(account, filed.Str("accountId"));
        Assert.Equal("pending", filed.Str("status"));
    }

    [Fact]
    public async Task Should_leave_the_page_url_out_of_the_face_providers_answer()
    {
        var (sessionId, token) = await node.StartAwaitingScanAsync(TestData.Account("link_face"), TestData.Name, TestData.IdNumber());
        (await node.ScanAsync(token, "app_link")).AssertStatus(HttpStatusCode.OK);
        var face = await node.PostFaceResultAsync(token, passed: true);
        face.AssertStatus(HttpStatusCode.OK);
        Assert.True(face.IsNull("url"));
        Assert.False((await node.GetSessionAsync(sessionId)).IsNull("url"));
    }

    [Fact]
    public async Task Should_serve_the_page_and_its_assets_under_a_strict_content_security_policy()
    {
        var (id, _) = await CreateAsync("link_csp");
        using var raw = new HttpClient { BaseAddress = node.BaseAddress };
        using var page = await raw.GetAsync($"/verify/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        using var script = await raw.GetAsync("/verify/assets/verify.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        (await ApiResponse.From(await raw.GetAsync("/verify/assets/missing.js"))).AssertProblem(HttpStatusCode.NotFound);
        (await ApiResponse.From(await raw.GetAsync("/verify/not-a-session"))).AssertProblem(HttpStatusCode.NotFound);
    }
}
