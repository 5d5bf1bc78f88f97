using System.Net;
using RealName.Host.Tests.Infrastructure;
using static RealName.Host.Tests.Infrastructure.FakeVendor;

namespace RealName.Host.Tests.Forgery;

/// <summary>
/// Issue 14, item 1: no verdict without the person. The face check is started by RealName for
/// exactly the identity typed on the PC page, a result counts only for that check's bizToken, once,
/// and over HTTP the verdict is the provider's own, never the callback's body.
/// </summary>
public sealed class FaceStepForgerySpecs
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Should_not_verify_on_a_passed_result_with_a_similarity_below_the_minimum()
    {
        await using var node = await RealNameNode.StartAsync();
        var account = TestData.Account("low_sim");
        var (sessionId, token) = await node.StartAwaitingScanAsync(account, TestData.Name, TestData.IdNumber());
        (await node.ScanAsync(token, "another_app_user")).AssertStatus(HttpStatusCode.OK);

        var face = await node.PostFaceResultAsync(token, passed: true, similarity: 0.05);

        Assert.Equal(("awaiting_scan", "face_mismatch"), (face.AssertStatus(HttpStatusCode.OK).Str("status"), face.Str("lastError", "code")));
        Assert.Equal("unverified", (await node.GetAccountVerificationAsync(account)).Str("status"));
        Assert.Equal("awaiting_scan", (await node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_not_verify_on_a_passed_result_without_liveness()
    {
        await using var node = await RealNameNode.StartAsync();
        var (_, token) = await node.StartAwaitingScanAsync(TestData.Account("no_live"), TestData.Name, TestData.IdNumber());
        (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);

        var face = await node.PostFaceResultForAsync(node.BizTokenOf(token), passed: true, liveness: false, similarity: 0.99);

        Assert.Equal("liveness_failed", face.AssertStatus(HttpStatusCode.OK).Str("lastError", "code"));
    }

    [Fact]
    public async Task Should_refuse_a_result_for_a_biz_token_that_was_not_issued_for_the_sessions_scan()
    {
        await using var node = await RealNameNode.StartAsync();
        var (sessionId, token) = await node.StartAwaitingScanAsync(TestData.Account("forged_biz"), TestData.Name, TestData.IdNumber());
        (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);

        var forged = await node.PostFaceResultForAsync($"fc.{sessionId}.made-up-by-the-attacker", passed: true, liveness: true, similarity: 0.99);

        forged.AssertProblem(HttpStatusCode.NotFound, "face_check_unknown");
        Assert.Equal("scanned", (await node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_hand_the_app_a_biz_token_and_the_masked_name_of_the_identity_in_the_scan_answer()
    {
        await using var node = await RealNameNode.StartAsync();
        var (sessionId, token) = await node.StartAwaitingScanAsync(TestData.Account("scan_answer"), TestData.Name, TestData.IdNumber());

        var scan = (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal((sessionId, TestData.MaskedName), (scan.Str("sessionId"), scan.Str("name")));
        Assert.StartsWith($"fc.{sessionId}.", scan.Str("face", "bizToken"));
        Assert.NotNull(scan.Str("face", "expiresAt"));
    }

    [Fact]
    public async Task Should_start_the_face_check_at_the_provider_for_exactly_the_identity_entered_on_the_pc_page()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(AttemptTimeout, retries: 1));
        var idNumber = TestData.IdNumber();
        var (sessionId, token) = await node.StartAwaitingScanAsync(TestData.Account("http_bind"), TestData.Name, idNumber);

        var scan = (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);

        var (bizToken, started) = Assert.Single(vendor.FaceChecks());
        Assert.Equal(bizToken, scan.Str("face", "bizToken"));
        Assert.Equal((TestData.Name, idNumber, sessionId), started);
    }

    [Fact]
    public async Task Should_decide_on_the_providers_verdict_and_ignore_what_the_callback_body_claims()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(AttemptTimeout, retries: 1));
        var account = TestData.Account("http_verdict");
        var (sessionId, token) = await node.StartAwaitingScanAsync(account, TestData.Name, TestData.IdNumber());
        var bizToken = (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK).Str("face", "bizToken")!;

        // Before the capture the provider has no verdict: a callback claiming a pass decides nothing.
        (await node.PostFaceResultForAsync(bizToken, passed: true, liveness: true, similarity: 0.99)).AssertProblem(HttpStatusCode.NotFound, "face_check_unknown");
        vendor.CompleteFaceCheck(bizToken, passed: false, similarity: 0.31, liveness: true);
        var claimedPass = await node.PostFaceResultForAsync(bizToken, passed: true, liveness: true, similarity: 0.99);

        Assert.Equal("face_mismatch", claimedPass.AssertStatus(HttpStatusCode.OK).Str("lastError", "code"));
        Assert.Equal("unverified", (await node.GetAccountVerificationAsync(account)).Str("status"));
        Assert.Equal("awaiting_scan", (await node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_verify_over_http_when_the_provider_says_the_live_face_matches()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(AttemptTimeout, retries: 1));
        var account = TestData.Account("http_pass");
        var (_, token) = await node.StartAwaitingScanAsync(account, TestData.Name, TestData.IdNumber());
        var bizToken = (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK).Str("face", "bizToken")!;
        vendor.CompleteFaceCheck(bizToken, passed: true, similarity: 0.93, liveness: true);

        var verified = await node.PostFaceResultForAsync(bizToken, passed: true, liveness: true, similarity: 0.93);

        Assert.Equal("verified", verified.AssertStatus(HttpStatusCode.OK).Str("status"));
        (await node.PostFaceResultForAsync(bizToken, passed: true, liveness: true, similarity: 0.93)).AssertProblem(HttpStatusCode.Conflict, "face_check_used");
    }

    [Fact]
    public async Task Should_answer_503_and_write_nothing_when_the_face_provider_is_down_at_the_scan()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(AttemptTimeout, retries: 1));
        var (sessionId, token) = await node.StartAwaitingScanAsync(TestData.Account("http_face_down"), TestData.Name, TestData.IdNumber());
        vendor.Set(Face, VendorBehaviour.ServerError);

        (await node.ScanAsync(token, "app_user_1")).AssertProblem(HttpStatusCode.ServiceUnavailable, "provider_unavailable");
        Assert.Equal("awaiting_scan", (await node.GetSessionAsync(sessionId)).Str("status"));

        vendor.Set(Face, VendorBehaviour.Answer);
        (await node.ScanAsync(token, "app_user_1")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Should_not_reveal_the_holder_of_an_id_number_to_someone_who_knows_only_the_number()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(AttemptTimeout, retries: 1));
        var idNumber = await VerifyOverHttpAsync(node, vendor, "holder");
        vendor.AnswerResult(Identity, "mismatch"); // the prober's name does not go with the number

        var probe = await node.SubmitIdentityAsync(await node.CreateSessionIdAsync(TestData.Account("prober")), "王五", idNumber);

        probe.AssertProblem((HttpStatusCode)422, "name_id_mismatch");
        Assert.DoesNotContain("acc_", probe.Body);
    }

    [Fact]
    public async Task Should_not_open_an_appeal_or_name_the_holder_for_a_name_that_does_not_go_with_the_number()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(AttemptTimeout, retries: 1));
        var idNumber = await VerifyOverHttpAsync(node, vendor, "appeal_holder");
        vendor.AnswerResult(Identity, "mismatch");

        var appeal = await node.PostJsonAsync("/v1/appeals",
            $$"""{"accountId":"{{TestData.Account("appeal_prober")}}","name":"王五","idNumber":"{{idNumber}}","contact":"x@example.com","reason":"mine"}""");

        appeal.AssertProblem((HttpStatusCode)422, "name_id_mismatch");
        Assert.DoesNotContain("acc_", appeal.Body);
    }

    [Fact]
    public async Task Should_start_the_legal_persons_face_check_in_a_legal_person_face_session_over_http()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(AttemptTimeout, retries: 1));
        var session = (await node.CreateSessionAsync(TestData.Account("http_e1"), method: "legal_person_face")).AssertStatus(HttpStatusCode.Created).Str("id")!;
        var legalPersonId = TestData.IdNumber();
        var body = $$"""{"subjectType":"enterprise","enterpriseName":"北京测试科技有限公司","creditCode":"{{TestData.CreditCode()}}","legalPersonName":"王五","legalPersonIdNumber":"{{legalPersonId}}"}""";
        var token = RealNameNode.TokenFrom((await node.PostJsonAsync($"/v1/sessions/{session}/identity", body)).AssertStatus(HttpStatusCode.OK).Str("qr", "scanUrl")!);

        var scan = (await node.ScanAsync(token, "app_legal")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("*五", scan.Str("name"));
        var (bizToken, started) = Assert.Single(vendor.FaceChecks());
        Assert.Equal(("王五", legalPersonId, session), started);
        vendor.CompleteFaceCheck(bizToken, passed: true, similarity: 0.9, liveness: true);
        Assert.Equal("verified", (await node.PostFaceResultForAsync(bizToken, true, true, 0.9)).AssertStatus(HttpStatusCode.OK).Str("status"));
    }

    [Fact]
    public async Task Should_bind_the_face_step_of_a_risk_escalated_mobile_session_to_its_identity_over_http()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(AttemptTimeout, retries: 1));
        var session = (await node.CreateSessionAsync(TestData.Account("http_p2_risk"), method: "mobile")).AssertStatus(HttpStatusCode.Created).Str("id")!;
        var (idNumber, phone) = (TestData.IdNumber(), TestData.Phone());
        (await node.PostJsonAsync($"/v1/sessions/{session}/identity", $$"""{"name":"{{TestData.Name}}","idNumber":"{{idNumber}}","phone":"{{phone}}"}""")).AssertStatus(HttpStatusCode.OK);
        vendor.AnswerResult(Carrier, "risk");
        var escalated = (await node.PostJsonAsync($"/v1/sessions/{session}/code", $$"""{"code":"{{vendor.LastSmsCode(phone)}}"}""")).AssertStatus(HttpStatusCode.OK);
        var token = RealNameNode.TokenFrom(escalated.Str("qr", "scanUrl")!);

        (await node.ScanAsync(token, "app_risk")).AssertStatus(HttpStatusCode.OK);

        var (bizToken, started) = Assert.Single(vendor.FaceChecks());
        Assert.Equal((TestData.Name, idNumber, session), started);
        vendor.CompleteFaceCheck(bizToken, passed: true, similarity: 0.42, liveness: true);
        Assert.Equal("face_mismatch", (await node.PostFaceResultForAsync(bizToken, true, true, 0.99)).AssertStatus(HttpStatusCode.OK).Str("lastError", "code"));
    }

    /// <summary>Verifies a new account as 张三 with a fresh ID number through the fake vendor; returns the number.</summary>
    private static async Task<string> VerifyOverHttpAsync(RealNameNode node, FakeVendor vendor, string accountPrefix)
    {
        var idNumber = TestData.IdNumber();
        var (_, token) = await node.StartAwaitingScanAsync(TestData.Account(accountPrefix), TestData.Name, idNumber);
        var bizToken = (await node.ScanAsync(token, "app_user_1")).Str("face", "bizToken")!;
        vendor.CompleteFaceCheck(bizToken, passed: true, similarity: 0.95, liveness: true);
        Assert.Equal("verified", (await node.PostFaceResultForAsync(bizToken, true, true, 0.95)).Str("status"));
        return idNumber;
    }
}
