using System.Net;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>P2 mobile phone, P3 bank card, P4 one-click sync and P5 associate, over real HTTP on a real SQLite journal.</summary>
public sealed class PersonalFlowsSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private async Task<string> Create(string method, string? account = null) =>
        (await node.CreateSessionAsync(account ?? TestData.Account(method), method: method)).AssertStatus(HttpStatusCode.Created).Str("id")!;

    private Task<ApiResponse> Identity(string sessionId, string json) => node.PostJsonAsync($"/v1/sessions/{sessionId}/identity", json);

    private Task<ApiResponse> Code(string sessionId, string code) => node.PostJsonAsync($"/v1/sessions/{sessionId}/code", $"{{\"code\":\"{code}\"}}");

    private Task<ApiResponse> Resend(string sessionId) => node.PostJsonAsync($"/v1/sessions/{sessionId}/code/resend", "{}");

    private static string Mobile(string idNumber, string phone) => $"{{\"name\":\"{TestData.Name}\",\"idNumber\":\"{idNumber}\",\"phone\":\"{phone}\"}}";

    private static string WrongCode(string code) => code == "000000" ? "111111" : "000000";

    private async Task<(string Session, string Phone)> AwaitingCode(string? last4 = null)
    {
        var session = await Create("mobile");
        var phone = TestData.Phone(last4);
        (await Identity(session, Mobile(TestData.IdNumber(), "+86 " + phone))).AssertStatus(HttpStatusCode.OK);
        return (session, phone);
    }

    [Fact]
    public async Task Should_verify_by_mobile_phone_with_the_sms_code()
    {
        var account = TestData.Account("p2");
        var session = await Create("mobile", account);
        var idNumber = TestData.IdNumber();
        var phone = TestData.Phone();

        var sent = (await Identity(session, Mobile(idNumber, "0086" + phone))).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("awaiting_code", sent.Str("status"));
        Assert.Equal(phone[..3] + "****" + phone[^4..], sent.Str("identity", "phone"));
        sent.AssertNoRawPersonalData(idNumber, phone, TestData.Name);

        var verified = (await Code(session, node.LastSmsCode(phone))).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", verified.Str("status"));
        var record = await node.GetAccountVerificationAsync(account);
        Assert.Equal("verified", record.Str("status"));
        Assert.Equal("mobile", record.Str("method"));
    }

    [Fact]
    public async Task Should_refuse_invalid_phone_numbers_with_400()
    {
        var session = await Create("mobile");

        (await Identity(session, Mobile(TestData.IdNumber(), "12345678901"))).AssertProblem(HttpStatusCode.BadRequest, "invalid_phone");
        (await Identity(session, $"{{\"name\":\"{TestData.Name}\",\"idNumber\":\"{TestData.IdNumber()}\"}}")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_answer_phone_id_mismatch_and_let_the_user_correct_it()
    {
        var (session, phone) = await AwaitingCode("0999");

        (await Code(session, node.LastSmsCode(phone))).AssertProblem(HttpStatusCode.UnprocessableEntity, "phone_id_mismatch");

        Assert.Equal("requires_input", (await node.GetSessionAsync(session)).Str("status"));
        var other = TestData.Phone();
        (await Identity(session, Mobile(TestData.IdNumber(), other))).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", (await Code(session, node.LastSmsCode(other))).Str("status"));
    }

    [Fact]
    public async Task Should_escalate_a_risk_flag_to_the_face_step_and_verify_there()
    {
        var (session, phone) = await AwaitingCode("0997");

        var escalated = (await Code(session, node.LastSmsCode(phone))).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("awaiting_scan", escalated.Str("status"));
        var token = RealNameNode.TokenFrom(escalated.Str("qr", "scanUrl")!);
        (await node.ScanAsync(token, "app_risk")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", (await node.PostFaceResultAsync(token, passed: true)).Str("status"));
    }

    [Fact]
    public async Task Should_keep_the_code_valid_when_the_carrier_is_down()
    {
        var (session, phone) = await AwaitingCode("0998");

        (await Code(session, node.LastSmsCode(phone))).AssertProblem(HttpStatusCode.ServiceUnavailable, "provider_unavailable");

        Assert.Equal("awaiting_code", (await node.GetSessionAsync(session)).Str("status"));
    }

    [Fact]
    public async Task Should_fail_the_session_after_five_wrong_codes()
    {
        var (session, phone) = await AwaitingCode();
        var wrong = WrongCode(node.LastSmsCode(phone));

        for (var i = 0; i < 4; i++)
            (await Code(session, wrong)).AssertProblem(HttpStatusCode.UnprocessableEntity, "code_incorrect");
        (await Code(session, wrong)).AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");

        var view = await node.GetSessionAsync(session);
        Assert.Equal("failed", view.Str("status"));
        Assert.Equal("too_many_attempts", view.Str("lastError", "code"));
    }

    [Fact]
    public async Task Should_refuse_an_expired_code_and_accept_a_resent_one()
    {
        var (session, phone) = await AwaitingCode();
        var code = node.LastSmsCode(phone);
        node.Clock.Advance(TimeSpan.FromMinutes(5));

        (await Code(session, code)).AssertProblem(HttpStatusCode.UnprocessableEntity, "code_expired");
        (await Resend(session)).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("verified", (await Code(session, node.LastSmsCode(phone))).Str("status"));
    }

    [Fact]
    public async Task Should_hold_resends_to_the_cooldown_and_fail_after_five()
    {
        var (session, _) = await AwaitingCode();

        var tooSoon = (await Resend(session)).AssertProblem(HttpStatusCode.TooManyRequests, "resend_too_soon");
        Assert.Equal("60", tooSoon.RetryAfter);
        for (var i = 0; i < 5; i++)
        {
            node.Clock.Advance(TimeSpan.FromSeconds(60));
            (await Resend(session)).AssertStatus(HttpStatusCode.OK);
        }
        node.Clock.Advance(TimeSpan.FromSeconds(60));

        (await Resend(session)).AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");
        Assert.Equal("failed", (await node.GetSessionAsync(session)).Str("status"));
    }

    [Fact]
    public async Task Should_verify_by_bank_card_with_the_sms_code()
    {
        var account = TestData.Account("p3");
        var session = await Create("bank_card", account);
        var phone = TestData.Phone();
        var card = TestData.BankCard();

        var sent = (await Identity(session, $"{{\"name\":\"{TestData.Name}\",\"idNumber\":\"{TestData.IdNumber()}\",\"bankCard\":\"{card}\",\"phone\":\"{phone}\"}}"))
            .AssertStatus(HttpStatusCode.OK);
        Assert.Equal(card[..6] + new string('*', card.Length - 10) + card[^4..], sent.Str("identity", "bankCard"));

        Assert.Equal("verified", (await Code(session, node.LastSmsCode(phone))).Str("status"));
        Assert.Equal("bank_card", (await node.GetAccountVerificationAsync(account)).Str("method"));
    }

    [Theory]
    [InlineData("6222020000000000", "invalid_bank_card")]
    [InlineData("6011000990139424", "unsupported_bank")]
    public async Task Should_refuse_bad_and_unsupported_bank_cards_with_400(string card, string code)
    {
        var session = await Create("bank_card");

        (await Identity(session, $"{{\"name\":\"{TestData.Name}\",\"idNumber\":\"{TestData.IdNumber()}\",\"bankCard\":\"{card}\",\"phone\":\"{TestData.Phone()}\"}}"))
            .AssertProblem(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Should_answer_bank_card_mismatch_after_the_code()
    {
        var session = await Create("bank_card");
        var phone = TestData.Phone();
        (await Identity(session, $"{{\"name\":\"{TestData.Name}\",\"idNumber\":\"{TestData.IdNumber()}\",\"bankCard\":\"{TestData.BankCard("999")}\",\"phone\":\"{phone}\"}}"))
            .AssertStatus(HttpStatusCode.OK);

        (await Code(session, node.LastSmsCode(phone))).AssertProblem(HttpStatusCode.UnprocessableEntity, "bank_card_mismatch");
    }

    [Fact]
    public async Task Should_copy_the_linked_group_identity_with_one_click_sync()
    {
        var account = TestData.Account("p4");
        var session = await Create("group_sync", account);

        var synced = (await node.PostJsonAsync($"/v1/sessions/{session}/authorize", "{}")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("verified", synced.Str("status"));
        Assert.Equal("*四", synced.Str("identity", "name"));
        Assert.Equal("group_sync", (await node.GetAccountVerificationAsync(account)).Str("method"));
    }

    [Theory]
    [InlineData("_nolink", "group_not_linked")]
    [InlineData("_unverified", "group_account_not_verified")]
    public async Task Should_refuse_one_click_sync_without_a_verified_linked_account(string suffix, string code)
    {
        var session = await Create("group_sync", TestData.Account("p4x") + suffix);

        (await node.PostJsonAsync($"/v1/sessions/{session}/authorize", "{}")).AssertProblem(HttpStatusCode.UnprocessableEntity, code);
    }

    [Fact]
    public async Task Should_verify_by_associating_a_group_account_through_its_phone()
    {
        var account = TestData.Account("p5");
        var session = await Create("associate", account);
        var group = "jd_" + Guid.NewGuid().ToString("N")[..10];

        var sent = (await Identity(session, $"{{\"groupAccount\":\"{group}\"}}")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("awaiting_code", sent.Str("status"));

        Assert.Equal("verified", (await Code(session, node.LastSmsCode("13800138000"))).Str("status"));
        Assert.Equal("associate", (await node.GetAccountVerificationAsync(account)).Str("method"));
    }

    [Theory]
    [InlineData("jd_nophone_", "group_account_no_phone")]
    [InlineData("jd_unverified_", "group_account_not_verified")]
    [InlineData("jd_missing_", "group_account_not_verified")]
    public async Task Should_refuse_associating_an_unusable_group_account(string prefix, string code)
    {
        var session = await Create("associate");

        (await Identity(session, $"{{\"groupAccount\":\"{prefix}{Guid.NewGuid():N}\"}}")).AssertProblem(HttpStatusCode.UnprocessableEntity, code);
    }

    [Fact]
    public async Task Should_refuse_associating_an_identity_that_verifies_another_cloud_account_naming_it_masked()
    {
        var first = TestData.Account("p5first");
        var group = "jd_" + Guid.NewGuid().ToString("N")[..10];
        var a = await Create("associate", first);
        (await Identity(a, $"{{\"groupAccount\":\"{group}\"}}")).AssertStatus(HttpStatusCode.OK);
        (await Code(a, node.LastSmsCode("13800138000"))).AssertStatus(HttpStatusCode.OK);
        var b = await Create("associate");

        var refused = (await Identity(b, $"{{\"groupAccount\":\"{group}\"}}")).AssertProblem(HttpStatusCode.Conflict, "id_already_verified");

        Assert.Contains(first[..5] + "***", refused.Body);
        Assert.DoesNotContain(first, refused.Body);
    }
}
