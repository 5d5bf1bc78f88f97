using System.Net;
using RealName.Pages.Tests.Infrastructure;

namespace RealName.Pages.Tests;

/// <summary>The sandbox's mobile-app stand-in: real signed callbacks to the node itself, and absent in production.</summary>
public sealed class AppStandInSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    [Fact]
    public async Task Should_scan_with_the_app_secret_and_answer_the_masked_identity()
    {
        var idNumber = TestData.IdNumber();
        var (sessionId, token) = await node.StartAwaitingScanAsync(TestData.Account("app_scan"), TestData.Name, idNumber);
        var body = RealNameNode.Json(new() { ["token"] = token });

        var scanned = await node.SendAsync(HttpMethod.Post, "/m/api/scan", body, authorize: false);
        scanned.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(TestData.MaskedName, scanned.Str("identity", "name"));
        Assert.Equal(TestData.Masked(idNumber), scanned.Str("identity", "idNumber"));
        scanned.AssertNoRawPersonalData(idNumber);
        Assert.Equal("scanned", (await node.GetSessionAsync(sessionId)).Str("status"));

        (await node.SendAsync(HttpMethod.Post, "/m/api/scan", body, authorize: false)).AssertProblem(HttpStatusCode.Conflict, "qr_already_scanned");
    }

    [Theory]
    [InlineData("face_mismatch")]
    [InlineData("liveness_failed")]
    public async Task Should_report_a_failed_face_scan_with_the_chosen_reason(string outcome)
    {
        var (sessionId, token) = await node.StartAwaitingScanAsync(TestData.Account("app_fail"), TestData.Name, TestData.IdNumber());
        var scan = (await node.SendAsync(HttpMethod.Post, "/m/api/scan", RealNameNode.Json(new() { ["token"] = token }), authorize: false)).AssertStatus(HttpStatusCode.OK);

        var face = await node.SendAsync(HttpMethod.Post, "/m/api/face", RealNameNode.Json(new() { ["bizToken"] = scan.Str("face", "bizToken"), ["outcome"] = outcome }), authorize: false);
        face.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("awaiting_scan", face.Str("status"));
        Assert.Equal(outcome, face.Str("lastError", "code"));
        Assert.Equal(outcome, (await node.GetSessionAsync(sessionId)).Str("lastError", "code"));
    }

    [Fact]
    public async Task Should_refuse_an_unknown_outcome_or_token()
    {
        var (_, token) = await node.StartAwaitingScanAsync(TestData.Account("app_bad"), TestData.Name, TestData.IdNumber());
        (await node.SendAsync(HttpMethod.Post, "/m/api/face", RealNameNode.Json(new() { ["token"] = token, ["outcome"] = "maybe" }), authorize: false))
            .AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await node.SendAsync(HttpMethod.Post, "/m/api/scan", RealNameNode.Json(new() { ["token"] = "vs_nothing.at-all" }), authorize: false))
            .AssertProblem(HttpStatusCode.NotFound, "qr_unknown");
        (await node.SendAsync(HttpMethod.Post, "/m/api/scan", "not json", authorize: false)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_serve_the_stand_in_page_at_the_scan_url()
    {
        using var raw = new HttpClient { BaseAddress = node.BaseAddress };
        using var page = await raw.GetAsync("/m/scan?t=vs_x.y");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/verify/assets/app.js", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("http", true, true)]
    [InlineData("sandbox", true, true)]
    [InlineData("sandbox", false, true)]
    [InlineData("sandbox", true, false)]
    [InlineData("http", false, false)]
    public async Task Should_not_exist_in_the_sandbox_profile_unless_sandbox_providers_and_both_sandbox_secrets(string providers, bool realAppSecret, bool realFaceSecret)
    {
        var settings = ProductionSettings.Strong().Where(kv => kv.Key.StartsWith("RealName:Providers:", StringComparison.Ordinal)).ToDictionary();
        settings["RealName:Providers:Mode"] = providers;
        if (realAppSecret)
            settings["RealName:AppSecret"] = ProductionSettings.Secret("real_app");
        if (realFaceSecret)
            settings["RealName:FaceSecret"] = ProductionSettings.Secret("real_face");
        await using var sandbox = await RealNameNode.StartAsync(settings);

        await AssertNoStandInAsync(sandbox);
    }

    [Fact]
    public async Task Should_not_exist_in_the_production_profile()
    {
        var production = ProductionSettings.Strong();
        await using var prod = await RealNameNode.StartAsync(production);

        await AssertNoStandInAsync(prod);
        using var raw = new HttpClient { BaseAddress = prod.BaseAddress };
        using var verifyPage = await raw.GetAsync("/verify/vs_aaaaaaaaaaaaaaaaaaaaaaaa");
        Assert.Equal(HttpStatusCode.OK, verifyPage.StatusCode);
    }

    /// <summary>The stand-in's three routes answer like any unknown path.</summary>
    private static async Task AssertNoStandInAsync(RealNameNode node)
    {
        (await node.SendAsync(HttpMethod.Get, "/m/scan?t=vs_x.y", null, authorize: false)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await node.SendAsync(HttpMethod.Post, "/m/api/scan", """{"token":"vs_x.y"}""", authorize: false)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await node.SendAsync(HttpMethod.Post, "/m/api/face", """{"token":"vs_x.y","outcome":"pass"}""", authorize: false)).AssertProblem(HttpStatusCode.NotFound, "not_found");
    }
}
