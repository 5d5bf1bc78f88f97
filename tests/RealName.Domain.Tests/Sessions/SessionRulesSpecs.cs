using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Tests.Sessions;

public sealed class SessionRulesSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionId Id = SessionId.New();
    private static readonly AccountId Account = new("acc_1001");
    private const string Token = "token-hash-1";
    private const string FaceCheck = "face-check-hash-1";
    private const double MinSimilarity = SessionRules.DefaultFaceMinSimilarity;

    private static SessionState Run(params ISessionEvent[] events) => events.Aggregate(SessionState.Empty, SessionRules.Apply);

    private static SessionState Fold(SessionState state, Decision decision) => decision.Events.Aggregate(state, SessionRules.Apply);

    private static Created Created() => new(Id, Account, VerificationMethod.Face, "req", T0, T0.AddMinutes(30));

    private static SessionState AwaitingScan() => Run(
        Created(),
        new IdentityAccepted(new Sensitive("张三"), new Sensitive("11010519491231002X"), "idkey", T0),
        new QrIssued(Token, T0, T0.AddSeconds(120)));

    private static SessionState Scanned() => SessionRules.Apply(AwaitingScan(), new QrScanned(new Sensitive("app_1"), T0.AddSeconds(10), FaceCheckHash: FaceCheck, FaceCheckExpiresAt: T0.AddMinutes(5)));

    private static readonly IdentityDetails Details = new(new Sensitive("张三"), new Sensitive("11010519491231002X"), "idkey");

    private static CompleteDetails Check(string? refusal = null, string idKey = "idkey", string next = Token) =>
        new(Details with { IdKey = idKey }, refusal, null, new SecretHash(next, TimeSpan.FromSeconds(120)));

    [Fact]
    public void Should_create_session_requiring_input_with_ttl()
    {
        var decision = SessionRules.Decide(SessionState.Empty, new CreateSession(Id, Account, VerificationMethod.Face, "req", TimeSpan.FromMinutes(30)), T0);

        var state = Fold(SessionState.Empty, decision);
        Assert.Equal(SessionStatus.RequiresInput, state.Status);
        Assert.Equal(T0.AddMinutes(30), state.ExpiresAt);
    }

    [Fact]
    public void Should_treat_repeated_create_with_same_request_as_idempotent()
    {
        var decision = SessionRules.Decide(Run(Created()), new CreateSession(Id, Account, VerificationMethod.Face, "req", TimeSpan.FromMinutes(30)), T0);

        Assert.Empty(decision.Events);
        Assert.Null(decision.Error);
    }

    [Fact]
    public void Should_refuse_create_reusing_key_with_different_request()
    {
        var decision = SessionRules.Decide(Run(Created()), new CreateSession(Id, Account, VerificationMethod.Face, "other", TimeSpan.FromMinutes(30)), T0);

        Assert.Equal(ErrorCodes.IdempotencyConflict, decision.Error?.Code);
    }

    [Fact]
    public void Should_refuse_commands_to_unknown_session()
    {
        Assert.Equal(ErrorCodes.SessionNotFound, SessionRules.Decide(SessionState.Empty, new CancelSession(), T0).Error?.Code);
    }

    [Fact]
    public void Should_accept_identity_and_issue_qr_when_check_passes()
    {
        var state = Fold(Run(Created()), SessionRules.Decide(Run(Created()), Check(), T0));

        Assert.Equal(SessionStatus.AwaitingScan, state.Status);
        Assert.Equal("*三", state.MaskedName);
        Assert.Equal("110***********002X", state.MaskedIdNumber);
        Assert.Equal(T0.AddSeconds(120), state.Qr!.ExpiresAt);
    }

    [Theory]
    [InlineData(ErrorCodes.NameIdMismatch)]
    [InlineData(ErrorCodes.ProviderUnavailable)]
    [InlineData(ErrorCodes.IdAlreadyVerified)]
    public void Should_keep_waiting_for_input_after_retryable_refusal(string code)
    {
        var decision = SessionRules.Decide(Run(Created()), Check(code), T0);
        var state = Fold(Run(Created()), decision);

        Assert.Equal(code, decision.Error?.Code);
        Assert.Equal(SessionStatus.RequiresInput, state.Status);
        Assert.Equal(code, state.LastErrorCode);
    }

    [Fact]
    public void Should_fail_session_when_account_already_verified()
    {
        var state = Fold(Run(Created()), SessionRules.Decide(Run(Created()), Check(ErrorCodes.AccountAlreadyVerified), T0));

        Assert.Equal(SessionStatus.Failed, state.Status);
    }

    [Fact]
    public void Should_refuse_second_identity_submission()
    {
        Assert.Equal(ErrorCodes.InvalidState, SessionRules.Decide(AwaitingScan(), Check(idKey: "another"), T0).Error?.Code);
    }

    [Fact]
    public void Should_bind_scan_of_live_token()
    {
        var state = Fold(AwaitingScan(), SessionRules.Decide(AwaitingScan(), new BindScan(Token, new Sensitive("app_1"), FaceCheck, T0.AddMinutes(5)), T0.AddSeconds(5)));

        Assert.Equal(SessionStatus.Scanned, state.Status);
        Assert.True(state.Qr!.Scanned);
    }

    [Fact]
    public void Should_refuse_scan_of_expired_token()
    {
        Assert.Equal(ErrorCodes.QrExpired, SessionRules.Decide(AwaitingScan(), new RequestScan(Token, new Sensitive("app_1")), T0.AddSeconds(120)).Error?.Code);
    }

    [Fact]
    public void Should_refuse_scan_of_unknown_token()
    {
        Assert.Equal(ErrorCodes.QrUnknown, SessionRules.Decide(AwaitingScan(), new RequestScan("other", new Sensitive("app_1")), T0).Error?.Code);
    }

    [Fact]
    public void Should_refuse_second_scan_of_used_token()
    {
        Assert.Equal(ErrorCodes.QrAlreadyScanned, SessionRules.Decide(Scanned(), new RequestScan(Token, new Sensitive("app_2")), T0.AddSeconds(11)).Error?.Code);
    }

    [Fact]
    public void Should_kill_old_token_when_qr_is_refreshed()
    {
        var state = Fold(AwaitingScan(), SessionRules.Decide(AwaitingScan(), new IssueQr("new-hash", TimeSpan.FromSeconds(120)), T0.AddSeconds(30)));

        Assert.Equal(ErrorCodes.QrUnknown, SessionRules.Decide(state, new RequestScan(Token, new Sensitive("app_1")), T0.AddSeconds(31)).Error?.Code);
        Assert.IsType<SessionChecks.StartFaceCheck>(SessionRules.Decide(state, new RequestScan("new-hash", new Sensitive("app_1")), T0.AddSeconds(31)).Check);
    }

    [Fact]
    public void Should_refuse_qr_refresh_before_identity()
    {
        Assert.Equal(ErrorCodes.InvalidState, SessionRules.Decide(Run(Created()), new IssueQr("h", TimeSpan.FromSeconds(120)), T0).Error?.Code);
    }

    [Fact]
    public void Should_owe_claim_after_passing_face()
    {
        var state = Fold(Scanned(), SessionRules.Decide(Scanned(), new ReportFace(FaceCheck, true, 0.95, true, "ref", MinSimilarity), T0.AddSeconds(20)));

        Assert.True(state.ClaimPending);
        Assert.Equal(SessionStatus.Scanned, state.Status);
    }

    [Fact]
    public void Should_verify_when_claim_granted_and_fail_when_refused()
    {
        var pending = Fold(Scanned(), SessionRules.Decide(Scanned(), new ReportFace(FaceCheck, true, 0.95, true, "ref", MinSimilarity), T0.AddSeconds(20)));

        var verified = Fold(pending, SessionRules.Decide(pending, new RecordClaim(null), T0.AddSeconds(21)));
        var failed = Fold(pending, SessionRules.Decide(pending, new RecordClaim(ErrorCodes.IdAlreadyVerified), T0.AddSeconds(21)));

        Assert.Equal(SessionStatus.Verified, verified.Status);
        Assert.Equal(T0.AddSeconds(21), verified.VerifiedAt);
        Assert.Equal(SessionStatus.Failed, failed.Status);
        Assert.Equal(ErrorCodes.IdAlreadyVerified, failed.LastErrorCode);
    }

    [Fact]
    public void Should_ignore_claim_answer_when_none_is_owed()
    {
        Assert.Same(Decision.Nothing, SessionRules.Decide(Scanned(), new RecordClaim(null), T0));
    }

    [Fact]
    public void Should_return_to_awaiting_scan_after_face_failure()
    {
        var state = Fold(Scanned(), SessionRules.Decide(Scanned(), new ReportFace(FaceCheck, false, 0.2, false, "ref", MinSimilarity), T0.AddSeconds(20)));

        Assert.Equal(SessionStatus.AwaitingScan, state.Status);
        Assert.Equal(ErrorCodes.LivenessFailed, state.LastErrorCode);
    }

    [Fact]
    public void Should_fail_with_too_many_attempts_after_third_face_failure()
    {
        var state = Scanned();
        for (var i = 0; i < SessionRules.MaxFaceAttempts; i++)
        {
            state = Fold(state, SessionRules.Decide(state, new ReportFace(FaceCheck, false, 0.1, true, "ref", MinSimilarity), T0.AddSeconds(20 + i)));
            if (!state.Status.IsTerminal())
                state = SessionRules.Apply(SessionRules.Apply(state, new QrIssued(Token, T0, T0.AddSeconds(200))), new QrScanned(new Sensitive("app"), T0, FaceCheckHash: FaceCheck, FaceCheckExpiresAt: T0.AddMinutes(5)));
        }

        Assert.Equal(SessionStatus.Failed, state.Status);
        Assert.Equal(ErrorCodes.TooManyAttempts, state.LastErrorCode);
    }

    [Fact]
    public void Should_refuse_face_result_when_not_scanned()
    {
        Assert.Equal(ErrorCodes.FaceCheckUnknown, SessionRules.Decide(AwaitingScan(), new ReportFace(FaceCheck, true, 0.9, true, "ref", MinSimilarity), T0).Error?.Code);
    }

    [Fact]
    public void Should_cancel_open_session_and_refuse_cancel_of_verified()
    {
        var canceled = Fold(AwaitingScan(), SessionRules.Decide(AwaitingScan(), new CancelSession(), T0));
        var verified = Run(Created(), new Verified(T0));

        Assert.Equal(SessionStatus.Canceled, canceled.Status);
        Assert.Equal(ErrorCodes.InvalidState, SessionRules.Decide(verified, new CancelSession(), T0).Error?.Code);
    }

    [Fact]
    public void Should_refuse_face_result_for_canceled_session()
    {
        var canceled = SessionRules.Apply(Scanned(), new Canceled(T0.AddSeconds(15)));

        Assert.Equal(ErrorCodes.InvalidState, SessionRules.Decide(canceled, new ReportFace(FaceCheck, true, 0.9, true, "ref", MinSimilarity), T0.AddSeconds(16)).Error?.Code);
    }

    [Fact]
    public void Should_expire_overdue_session_on_any_command()
    {
        var decision = SessionRules.Decide(AwaitingScan(), new RequestScan(Token, new Sensitive("app")), T0.AddMinutes(31));

        Assert.IsType<Expired>(Assert.Single(decision.Events));
        Assert.Equal(ErrorCodes.InvalidState, decision.Error?.Code);
        Assert.Equal(SessionStatus.Expired, Fold(AwaitingScan(), decision).Status);
    }

    [Fact]
    public void Should_not_expire_before_deadline()
    {
        Assert.Empty(SessionRules.Decide(AwaitingScan(), new Expire(), T0.AddMinutes(29)).Events);
    }

    [Fact]
    public void Should_report_overdue_session_as_expired_before_its_timer_fires()
    {
        Assert.Equal(SessionStatus.Expired, SessionRules.Effective(AwaitingScan(), T0.AddMinutes(30)));
    }

    [Fact]
    public void Should_not_expire_while_claim_is_owed_and_record_late_answer()
    {
        var pending = Fold(Scanned(), SessionRules.Decide(Scanned(), new ReportFace(FaceCheck, true, 0.95, true, "ref", MinSimilarity), T0.AddSeconds(20)));
        var late = T0.AddMinutes(31);

        Assert.Equal(SessionStatus.Scanned, SessionRules.Effective(pending, late));
        Assert.Empty(SessionRules.Decide(pending, new Expire(), late).Events);
        Assert.Equal(SessionStatus.Verified, Fold(pending, SessionRules.Decide(pending, new RecordClaim(null), late)).Status);
    }

    [Fact]
    public void Should_answer_the_live_qr_for_identical_resubmission_and_refuse_different_one()
    {
        var state = AwaitingScan();

        var same = SessionRules.Decide(state, Check(next: "fresh"), T0.AddSeconds(5));
        var other = SessionRules.Decide(state, Check(idKey: "other-key"), T0.AddSeconds(5));

        Assert.Equal(Token, same.LiveQrHash);
        Assert.Null(same.Error);
        Assert.Equal(ErrorCodes.InvalidState, other.Error?.Code);
    }

    [Fact]
    public void Should_name_a_new_qr_for_a_resubmission_in_case_the_live_qr_secret_is_no_longer_held()
    {
        var same = SessionRules.Decide(AwaitingScan(), Check(next: "fresh"), T0.AddSeconds(5));

        Assert.Equal("fresh", Assert.IsType<QrIssued>(Assert.Single(same.Events)).TokenHash);
    }

    [Fact]
    public void Should_issue_a_new_qr_for_identical_resubmission_once_the_live_qr_expired()
    {
        var expired = SessionRules.Decide(AwaitingScan(), Check(next: "fresh"), T0.AddSeconds(121));

        Assert.Null(expired.LiveQrHash);
        Assert.Equal("fresh", Assert.IsType<QrIssued>(Assert.Single(expired.Events)).TokenHash);
    }

    [Fact]
    public void Should_answer_the_live_qr_for_a_typed_resubmission_without_asking_the_identity_authority_again()
    {
        var raced = SessionRules.Decide(AwaitingScan(), new RequestIdentity(new Sensitive("张三"), new Sensitive("11010519491231002X"), "idkey", null, null, null, new SecretHash("fresh", TimeSpan.FromSeconds(120))), T0.AddSeconds(1));

        Assert.Equal(Token, raced.LiveQrHash);
        Assert.Null(raced.Check);
    }

    [Fact]
    public void Should_never_leave_a_terminal_status()
    {
        var expired = SessionRules.Apply(AwaitingScan(), new Expired(T0.AddMinutes(30)));

        Assert.Empty(SessionRules.Decide(expired, new RecordClaim(null), T0.AddMinutes(31)).Events);
        Assert.Equal(ErrorCodes.InvalidState, SessionRules.Decide(expired, new RequestScan(Token, new Sensitive("app")), T0.AddMinutes(31)).Error?.Code);
    }
}
