using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Tests.Sessions;

public sealed class CodeRulesSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan CodeTtl = TimeSpan.FromMinutes(5);
    private static readonly IdentityDetails Details = new(new Sensitive("张三"), new Sensitive("11010519491231002X"), "idkey", new Sensitive("13812345678"));

    private static SessionState Fold(SessionState state, Decision decision) => decision.Events.Aggregate(state, SessionRules.Apply);

    private static SessionState Created(VerificationMethod method) =>
        SessionRules.Apply(SessionState.Empty, new Created(SessionId.New(), new AccountId("acc_1"), method, "req", T0, T0.AddMinutes(30)));

    private static SessionState AwaitingCode(VerificationMethod method = VerificationMethod.Mobile)
    {
        var state = Created(method);
        return Fold(state, SessionRules.Decide(state, new CompleteDetails(Details, null, null, new SecretHash("code-1", CodeTtl)), T0));
    }

    [Fact]
    public void Should_send_a_code_after_details_for_code_methods()
    {
        var state = AwaitingCode();

        Assert.Equal(SessionStatus.AwaitingCode, state.Status);
        Assert.Equal(T0 + CodeTtl, state.Code!.ExpiresAt);
        Assert.Equal("138****5678", state.MaskedPhone);
    }

    [Fact]
    public void Should_ask_for_the_carrier_check_with_the_sessions_values_when_the_right_code_is_entered()
    {
        var escalation = new SecretHash("qr-1", TimeSpan.FromMinutes(2));

        var decision = SessionRules.Decide(AwaitingCode(), new CheckCode("code-1", escalation), T0.AddMinutes(1));

        Assert.Empty(decision.Events);
        var check = Assert.IsType<SessionChecks.CheckFactors>(decision.Check);
        Assert.Equal((VerificationMethod.Mobile, "13812345678", "code-1", escalation), (check.Method, check.Phone.Value, check.CodeHash, check.EscalationQr));
    }

    [Fact]
    public void Should_confirm_associate_on_the_right_code_without_an_outside_check()
    {
        var decision = SessionRules.Decide(AwaitingCode(VerificationMethod.Associate), new CheckCode("code-1", new SecretHash("qr-1", TimeSpan.FromMinutes(2))), T0.AddMinutes(1));

        Assert.Null(decision.Check);
        Assert.IsType<DetailsConfirmed>(Assert.Single(decision.Events));
    }

    [Fact]
    public void Should_ask_to_send_a_new_code_only_when_a_resend_is_allowed()
    {
        var allowed = SessionRules.Decide(AwaitingCode(), new RequestResend(new SecretHash("code-2", CodeTtl)), T0.AddMinutes(2));
        var tooSoon = SessionRules.Decide(AwaitingCode(), new RequestResend(new SecretHash("code-2", CodeTtl)), T0.AddSeconds(10));

        Assert.Equal("13812345678", Assert.IsType<SessionChecks.SendCode>(allowed.Check).Phone.Value);
        Assert.Null(tooSoon.Check);
        Assert.Equal(ErrorCodes.ResendTooSoon, tooSoon.Error?.Code);
    }

    [Fact]
    public void Should_count_wrong_codes_and_fail_at_the_fifth()
    {
        var state = AwaitingCode();
        for (var i = 1; i < SessionRules.MaxWrongCodes; i++)
        {
            var d = SessionRules.Decide(state, new CheckCode("wrong"), T0.AddSeconds(i));
            Assert.Equal(ErrorCodes.CodeIncorrect, d.Error?.Code);
            state = Fold(state, d);
        }

        var last = SessionRules.Decide(state, new CheckCode("wrong"), T0.AddSeconds(10));

        Assert.Equal(ErrorCodes.TooManyAttempts, last.Error?.Code);
        Assert.Equal(SessionStatus.Failed, Fold(state, last).Status);
    }

    [Fact]
    public void Should_refuse_an_expired_code_without_counting_it()
    {
        var state = AwaitingCode();

        var d = SessionRules.Decide(state, new CheckCode("code-1"), T0 + CodeTtl);

        Assert.Equal(ErrorCodes.CodeExpired, d.Error?.Code);
        Assert.Equal(0, Fold(state, d).WrongCodes);
    }

    [Fact]
    public void Should_confirm_details_and_owe_a_claim_when_the_carrier_agrees()
    {
        var state = Fold(AwaitingCode(), SessionRules.Decide(AwaitingCode(), new CompleteCode("code-1", FactorOutcome.Passed, new SecretHash("qr", CodeTtl)), T0));

        Assert.True(state.ClaimPending);
        Assert.Null(state.Code);
    }

    [Theory]
    [InlineData(VerificationMethod.Mobile, ErrorCodes.PhoneIdMismatch)]
    [InlineData(VerificationMethod.BankCard, ErrorCodes.BankCardMismatch)]
    public void Should_return_to_input_with_the_method_mismatch_code(VerificationMethod method, string code)
    {
        var state = AwaitingCode(method);

        var d = SessionRules.Decide(state, new CompleteCode("code-1", FactorOutcome.Mismatch, new SecretHash("qr", CodeTtl)), T0);

        Assert.Equal(code, d.Error?.Code);
        Assert.Equal(SessionStatus.RequiresInput, Fold(state, d).Status);
    }

    [Fact]
    public void Should_escalate_a_risk_flag_to_a_qr_in_the_same_session()
    {
        var state = Fold(AwaitingCode(), SessionRules.Decide(AwaitingCode(), new CompleteCode("code-1", FactorOutcome.Risk, new SecretHash("qr", TimeSpan.FromSeconds(120))), T0));

        Assert.Equal(SessionStatus.AwaitingScan, state.Status);
        Assert.True(state.Escalated);
        Assert.Equal("qr", state.Qr!.TokenHash);
    }

    [Fact]
    public void Should_write_nothing_when_the_carrier_is_down()
    {
        var d = SessionRules.Decide(AwaitingCode(), new CompleteCode("code-1", FactorOutcome.Unavailable, new SecretHash("qr", CodeTtl)), T0);

        Assert.Empty(d.Events);
        Assert.Equal(ErrorCodes.ProviderUnavailable, d.Error?.Code);
    }

    [Fact]
    public void Should_hold_resends_to_the_cooldown_with_retry_after()
    {
        var d = SessionRules.Decide(AwaitingCode(), new CompleteResend(new SecretHash("code-2", CodeTtl)), T0.AddSeconds(45));

        Assert.Equal(ErrorCodes.ResendTooSoon, d.Error?.Code);
        Assert.Equal(15, d.Error?.RetryAfterSeconds);
    }

    [Fact]
    public void Should_replace_the_code_on_resend_and_fail_after_five_resends()
    {
        var state = AwaitingCode();
        for (var i = 1; i <= SessionRules.MaxResends; i++)
            state = Fold(state, SessionRules.Decide(state, new CompleteResend(new SecretHash($"code-{i + 1}", CodeTtl)), T0.AddMinutes(i)));

        Assert.Equal(ErrorCodes.CodeIncorrect, SessionRules.Decide(state, new CheckCode("code-1"), T0.AddMinutes(5)).Error?.Code);
        var sixth = SessionRules.Decide(state, new CompleteResend(new SecretHash("code-7", CodeTtl)), T0.AddMinutes(7));
        Assert.Equal(ErrorCodes.TooManyAttempts, sixth.Error?.Code);
        Assert.Equal(SessionStatus.Failed, Fold(state, sixth).Status);
    }

    [Fact]
    public void Should_accept_group_sync_only_for_group_sync_sessions()
    {
        var sync = new CompleteGroupSync(Details, null, null);

        var state = Fold(Created(VerificationMethod.GroupSync), SessionRules.Decide(Created(VerificationMethod.GroupSync), sync, T0));

        Assert.True(state.ClaimPending);
        Assert.Equal(ErrorCodes.InvalidState, SessionRules.Decide(Created(VerificationMethod.Mobile), sync, T0).Error?.Code);
    }

    [Theory]
    [InlineData(VerificationMethod.Face, true, true, false, false, false, true)]
    [InlineData(VerificationMethod.Face, true, true, true, false, false, false)]
    [InlineData(VerificationMethod.Mobile, true, true, true, false, false, true)]
    [InlineData(VerificationMethod.BankCard, true, true, true, true, false, true)]
    [InlineData(VerificationMethod.BankCard, true, true, false, true, false, false)]
    [InlineData(VerificationMethod.Associate, false, false, false, false, true, true)]
    [InlineData(VerificationMethod.GroupSync, true, true, false, false, false, false)]
    public void Should_take_exactly_the_fields_of_its_method(VerificationMethod method, bool name, bool id, bool phone, bool card, bool group, bool ok)
    {
        Assert.Equal(ok, SessionRules.CheckFields(method, name, id, phone, card, group) is null);
    }
}
