using System.Net;
using System.Text;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>The signed callbacks (the app's scan, the face provider's result) against one shared real node.</summary>
/// <remarks>Tests here may advance the shared fake clock; every signature is made at the clock's now, and sessions last 30 minutes.</remarks>
public sealed class CallbacksApiSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private Task<(string SessionId, string Token)> AwaitingScanAsync(string label) =>
        node.StartAwaitingScanAsync(TestData.Account(label), TestData.Name, TestData.IdNumber());

    private static byte[] ScanBody(string token, string appUserId) =>
        Encoding.UTF8.GetBytes(RealNameNode.Json(new Dictionary<string, object?> { ["token"] = token, ["appUserId"] = appUserId }));

    [Fact]
    public async Task Should_refuse_a_scan_signed_with_a_wrong_secret_and_accept_it_signed_correctly()
    {
        var (_, token) = await AwaitingScanAsync("wrongsecret");
        var body = ScanBody(token, "app_user_1");

        (await node.PostWithSignatureAsync("/v1/scan", body, node.Sign("not_the_app_secret", body))).AssertProblem(HttpStatusCode.Unauthorized, "bad_signature");
        // The face provider's secret is not the app's.
        (await node.PostWithSignatureAsync("/v1/scan", body, node.Sign(RealNameNode.FaceSecret, body))).AssertProblem(HttpStatusCode.Unauthorized, "bad_signature");

        var good = await node.PostWithSignatureAsync("/v1/scan", body, node.Sign(RealNameNode.AppSecret, body));
        good.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("scanned", good.Str("status"));
    }

    [Fact]
    public async Task Should_refuse_a_face_result_signed_with_the_app_secret()
    {
        var (sessionId, token) = await AwaitingScanAsync("facesecret");
        (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);
        var body = RealNameNode.Json(new Dictionary<string, object?> { ["bizToken"] = node.BizTokenOf(token), ["passed"] = true, ["similarity"] = 0.9, ["liveness"] = true, ["providerRef"] = "p1" });

        (await node.PostSignedAsync("/v1/face-results", body, RealNameNode.AppSecret)).AssertProblem(HttpStatusCode.Unauthorized, "bad_signature");

        Assert.Equal("scanned", (await node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_refuse_a_body_altered_after_signing()
    {
        var (_, token) = await AwaitingScanAsync("tamper");
        var signed = ScanBody(token, "app_user_1");
        var header = node.Sign(RealNameNode.AppSecret, signed);

        var response = await node.PostWithSignatureAsync("/v1/scan", ScanBody(token, "app_user_2"), header);

        response.AssertProblem(HttpStatusCode.Unauthorized, "bad_signature");
    }

    public static TheoryData<string?> MalformedSignatures() => new()
    {
        null,
        "",
        "garbage",
        "t=,n=,v1=",
        "t=abc,n=abcd,v1=00",
        "t=-5,n=abcd,v1=00",
        "n=abcd,v1=00",
        "t=1,n=abcd",
        "t=99999999999999999999999,n=abcd,v1=00",
        "t=1700000000,n=" + new string('n', 129) + ",v1=00",
        new string('x', 600),
    };

    [Theory]
    [MemberData(nameof(MalformedSignatures))]
    public async Task Should_refuse_a_missing_or_malformed_signature(string? header)
    {
        var (_, token) = await AwaitingScanAsync("malformed");

        var response = await node.PostWithSignatureAsync("/v1/scan", ScanBody(token, "app_user_1"), header);

        response.AssertProblem(HttpStatusCode.Unauthorized, "bad_signature");
    }

    [Fact]
    public async Task Should_refuse_a_replayed_nonce()
    {
        var (_, token) = await AwaitingScanAsync("replay");
        var body = ScanBody(token, "app_user_1");
        var header = node.Sign(RealNameNode.AppSecret, body);

        (await node.PostWithSignatureAsync("/v1/scan", body, header)).AssertStatus(HttpStatusCode.OK);
        var replay = await node.PostWithSignatureAsync("/v1/scan", body, header);

        replay.AssertProblem(HttpStatusCode.Unauthorized, "bad_signature");
    }

    [Fact]
    public async Task Should_refuse_a_face_result_replayed_with_the_same_nonce()
    {
        var (_, token) = await AwaitingScanAsync("replayface");
        (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);
        var body = Encoding.UTF8.GetBytes(RealNameNode.Json(new Dictionary<string, object?> { ["bizToken"] = node.BizTokenOf(token), ["passed"] = false, ["similarity"] = 0.1, ["liveness"] = true }));
        var header = node.Sign(RealNameNode.FaceSecret, body);

        (await node.PostWithSignatureAsync("/v1/face-results", body, header)).AssertStatus(HttpStatusCode.OK);
        (await node.PostWithSignatureAsync("/v1/face-results", body, header)).AssertProblem(HttpStatusCode.Unauthorized, "bad_signature");
    }

    [Fact]
    public async Task Should_refuse_a_signature_outside_the_300_second_window()
    {
        var (_, token) = await AwaitingScanAsync("window");
        var body = ScanBody(token, "app_user_1");
        var now = node.Clock.GetUtcNow();

        (await node.PostWithSignatureAsync("/v1/scan", body, node.Sign(RealNameNode.AppSecret, body, now.AddSeconds(-301)))).AssertProblem(HttpStatusCode.Unauthorized, "bad_signature");
        (await node.PostWithSignatureAsync("/v1/scan", body, node.Sign(RealNameNode.AppSecret, body, now.AddSeconds(301)))).AssertProblem(HttpStatusCode.Unauthorized, "bad_signature");

        var inside = await node.PostWithSignatureAsync("/v1/scan", body, node.Sign(RealNameNode.AppSecret, body, now.AddSeconds(-290)));
        inside.AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Should_refuse_an_expired_qr_and_scan_a_refreshed_one()
    {
        var (sessionId, oldToken) = await AwaitingScanAsync("qrexpiry");

        node.Clock.Advance(TimeSpan.FromSeconds(121));

        (await node.ScanAsync(oldToken, "app_user_1")).AssertProblem(HttpStatusCode.Gone, "qr_expired");
        (await node.SendAsync(HttpMethod.Get, $"/v1/sessions/{sessionId}/qr.svg", null)).AssertProblem(HttpStatusCode.Gone, "qr_expired");

        var refreshed = await node.RefreshQrAsync(sessionId);
        refreshed.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("awaiting_scan", refreshed.Str("status"));
        var newToken = RealNameNode.TokenFrom(refreshed.Str("qr", "scanUrl")!);
        Assert.NotEqual(oldToken, newToken);
        using (var svg = await node.Client.GetAsync($"/v1/sessions/{sessionId}/qr.svg"))
            Assert.Equal(HttpStatusCode.OK, svg.StatusCode);

        // The old token died with the refresh.
        (await node.ScanAsync(oldToken, "app_user_1")).AssertProblem(HttpStatusCode.NotFound, "qr_unknown");
        var scan = await node.ScanAsync(newToken, "app_user_1");
        scan.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("scanned", scan.Str("status"));
    }

    [Fact]
    public async Task Should_refuse_a_second_scan_of_a_used_qr()
    {
        var (_, token) = await AwaitingScanAsync("rescan");
        (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);

        (await node.ScanAsync(token, "app_user_1")).AssertProblem(HttpStatusCode.Conflict, "qr_already_scanned");
        (await node.ScanAsync(token, "app_user_2")).AssertProblem(HttpStatusCode.Conflict, "qr_already_scanned");
    }

    public static TheoryData<string> UnknownTokens() => new()
    {
        "vs_aaaaaaaaaaaaaaaaaaaaaaaa.c2VjcmV0",
        "vs_aaaaaaaaaaaaaaaaaaaaaaaa.",
        "nonsense",
        "",
        ".secret",
        "vs_short.secret",
        "vs_aaaaaaaaaaaaaaaaaaaaaaaa." + new string('s', 200),
    };

    [Theory]
    [MemberData(nameof(UnknownTokens))]
    public async Task Should_answer_404_for_an_unknown_qr_token_and_face_check(string token)
    {
        (await node.ScanAsync(token, "app_user_1")).AssertProblem(HttpStatusCode.NotFound, "qr_unknown");
        (await node.PostFaceResultForAsync("fc." + token, passed: true, liveness: true, similarity: 0.95)).AssertProblem(HttpStatusCode.NotFound, "face_check_unknown");
    }

    [Fact]
    public async Task Should_answer_404_qr_unknown_for_the_token_of_another_session()
    {
        var (sessionA, tokenA) = await AwaitingScanAsync("tokenA");
        var (sessionB, tokenB) = await AwaitingScanAsync("tokenB");
        var secretA = tokenA[(tokenA.IndexOf('.') + 1)..];
        Assert.StartsWith(sessionB + ".", tokenB);

        (await node.ScanAsync(sessionB + "." + secretA, "app_user_1")).AssertProblem(HttpStatusCode.NotFound, "qr_unknown");

        Assert.Equal("awaiting_scan", (await node.GetSessionAsync(sessionA)).Str("status"));
        Assert.Equal("awaiting_scan", (await node.GetSessionAsync(sessionB)).Str("status"));
        (await node.ScanAsync(tokenB, "app_user_1")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Should_return_to_awaiting_scan_with_face_mismatch_when_the_face_does_not_match()
    {
        var idNumber = TestData.IdNumber();
        var accountId = TestData.Account("mismatch");
        var (sessionId, token) = await node.StartAwaitingScanAsync(accountId, TestData.Name, idNumber);
        (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);

        var face = await node.PostFaceResultAsync(token, passed: false);

        face.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(idNumber, TestData.Name);
        Assert.Equal("awaiting_scan", face.Str("status"));
        Assert.Equal("face_mismatch", face.Str("lastError", "code"));
        var read = await node.GetSessionAsync(sessionId);
        Assert.Equal("awaiting_scan", read.Str("status"));
        Assert.Equal("face_mismatch", read.Str("lastError", "code"));
        Assert.Equal("unverified", (await node.GetAccountVerificationAsync(accountId)).Str("status"));

        // The used token cannot deliver another result; a new QR can, and passing verifies.
        (await node.PostFaceResultAsync(token, passed: true)).AssertProblem(HttpStatusCode.Conflict, "face_check_used");
        var newToken = await node.RescanAsync(sessionId, "app_user_1");
        var passed = await node.PostFaceResultAsync(newToken, passed: true);
        passed.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", passed.Str("status"));
    }

    [Fact]
    public async Task Should_report_liveness_failed_when_the_provider_gives_that_reason()
    {
        var (sessionId, token) = await AwaitingScanAsync("liveness");
        (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);

        var face = await node.PostFaceResultAsync(token, passed: false, reason: "liveness_failed");

        face.AssertStatus(HttpStatusCode.OK);
        var read = await node.GetSessionAsync(sessionId);
        Assert.Equal("awaiting_scan", read.Str("status"));
        Assert.Equal("liveness_failed", read.Str("lastError", "code"));
    }

    [Fact]
    public async Task Should_fail_the_session_with_too_many_attempts_after_three_face_failures()
    {
        var accountId = TestData.Account("threefail");
        var (sessionId, token) = await node.StartAwaitingScanAsync(accountId, TestData.Name, TestData.IdNumber());
        (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("awaiting_scan", (await node.PostFaceResultAsync(token, passed: false)).Str("status"));
        token = await node.RescanAsync(sessionId, "app_user_1");
        Assert.Equal("awaiting_scan", (await node.PostFaceResultAsync(token, passed: false, reason: "liveness_failed")).Str("status"));
        token = await node.RescanAsync(sessionId, "app_user_1");
        var third = await node.PostFaceResultAsync(token, passed: false);

        third.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("failed", third.Str("status"));
        var read = await node.GetSessionAsync(sessionId);
        Assert.Equal("failed", read.Str("status"));
        Assert.Equal("too_many_attempts", read.Str("lastError", "code"));
        (await node.RefreshQrAsync(sessionId)).AssertProblem(HttpStatusCode.Conflict, "invalid_state");
        Assert.Equal("unverified", (await node.GetAccountVerificationAsync(accountId)).Str("status"));
    }

    [Fact]
    public async Task Should_refuse_a_face_result_before_the_scan()
    {
        var (sessionId, token) = await AwaitingScanAsync("noscan");

        (await node.PostFaceResultAsync(token, passed: true)).AssertProblem(HttpStatusCode.NotFound, "face_check_unknown");

        Assert.Equal("awaiting_scan", (await node.GetSessionAsync(sessionId)).Str("status"));
    }

    public static TheoryData<string> InvalidScanBodies() => new()
    {
        "{\"token\":",
        "",
        "null",
        "[]",
        "{\"token\":5,\"appUserId\":\"u\"}",
        "{\"token\":\"vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\"}",
        "{\"token\":\"vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\",\"appUserId\":\"  \"}",
        "{\"token\":\"vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\",\"appUserId\":\"" + new string('u', 129) + "\"}",
        "{\"token\":\"vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\",\"appUserId\":\"u\",\"pad\":\"" + new string('p', 17 * 1024) + "\"}",
    };

    [Theory]
    [MemberData(nameof(InvalidScanBodies))]
    public async Task Should_answer_invalid_signed_scan_bodies_with_400_problem(string body)
    {
        var response = await node.PostSignedAsync("/v1/scan", body, RealNameNode.AppSecret);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    public static TheoryData<string> InvalidFaceResultBodies() => new()
    {
        "{\"bizToken\":",
        "",
        "{}",
        "{\"bizToken\":\"fc.vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\"}",
        "{\"bizToken\":\"fc.vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\",\"passed\":\"yes\",\"similarity\":0.9,\"liveness\":true}",
        "{\"bizToken\":\"fc.vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\",\"passed\":true,\"similarity\":1.5,\"liveness\":true}",
        "{\"bizToken\":\"fc.vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\",\"passed\":true,\"similarity\":-0.1,\"liveness\":true}",
        "{\"bizToken\":\"fc.vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\",\"passed\":true,\"similarity\":\"high\",\"liveness\":true}",
        "{\"bizToken\":\"fc.vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\",\"passed\":true,\"similarity\":0.9}",
        "{\"bizToken\":\"fc.vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\",\"passed\":true,\"liveness\":true}",
        "{\"bizToken\":\"fc.vs_aaaaaaaaaaaaaaaaaaaaaaaa.x\",\"passed\":true,\"similarity\":0.9,\"liveness\":true,\"providerRef\":\"" + new string('r', 129) + "\"}",
        "{\"bizToken\":\"" + new string('b', 257) + "\",\"passed\":true,\"similarity\":0.9,\"liveness\":true}",
    };

    [Theory]
    [MemberData(nameof(InvalidFaceResultBodies))]
    public async Task Should_answer_invalid_signed_face_result_bodies_with_400_problem(string body)
    {
        var response = await node.PostSignedAsync("/v1/face-results", body, RealNameNode.FaceSecret);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }
}
