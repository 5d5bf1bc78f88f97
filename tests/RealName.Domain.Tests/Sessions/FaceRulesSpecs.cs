using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Tests.Sessions;

/// <summary>The bound face step: a verdict counts only for the check the scan started, once, and only for a live, similar face.</summary>
public sealed class FaceRulesSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly SessionId Id = SessionId.New();
    private const string Token = "qr-hash";
    private const string FaceCheck = "face-hash";
    private const double Min = SessionRules.DefaultFaceMinSimilarity;

    private static SessionState Fold(SessionState state, Decision decision) => decision.Events.Aggregate(state, SessionRules.Apply);

    private static SessionState AwaitingScan(VerificationMethod method = VerificationMethod.Face)
    {
        var state = SessionRules.Apply(SessionState.Empty, new Created(Id, new AccountId("acc_1"), method, "req", T0, T0.AddMinutes(30)));
        state = method == VerificationMethod.LegalPersonFace
            ? SessionRules.Apply(state, new EnterpriseAccepted(new EnterpriseDetails(SubjectType.Enterprise, "某某科技有限公司", "91350100M000100Y43", "ckey",
                new Sensitive("王五"), new Sensitive("110105198001011234")), T0))
            : SessionRules.Apply(state, new IdentityAccepted(new Sensitive("张三"), new Sensitive("11010519491231002X"), "idkey", T0));
        return SessionRules.Apply(state, new QrIssued(Token, T0, T0.AddMinutes(2)));
    }

    private static SessionState Scanned() =>
        Fold(AwaitingScan(), SessionRules.Decide(AwaitingScan(), new BindScan(Token, new Sensitive("app_1"), FaceCheck, T0.AddMinutes(5)), T0.AddSeconds(5)));

    private static ReportFace Result(bool passed = true, double similarity = 0.95, bool liveness = true, string check = FaceCheck) =>
        new(check, passed, similarity, liveness, "ref", Min);

    [Fact]
    public void Should_ask_the_face_provider_for_a_check_of_the_sessions_own_identity_on_a_scan()
    {
        var decision = SessionRules.Decide(AwaitingScan(), new RequestScan(Token, new Sensitive("app_1")), T0.AddSeconds(5));

        Assert.Empty(decision.Events);
        var check = Assert.IsType<SessionChecks.StartFaceCheck>(decision.Check);
        Assert.Equal(("张三", "11010519491231002X", Id), (check.Name.Value, check.IdNumber.Value, check.Session));
    }

    [Fact]
    public void Should_ask_for_the_legal_persons_face_in_a_legal_person_face_session()
    {
        var decision = SessionRules.Decide(AwaitingScan(VerificationMethod.LegalPersonFace), new RequestScan(Token, new Sensitive("app_1")), T0.AddSeconds(5));

        var check = Assert.IsType<SessionChecks.StartFaceCheck>(decision.Check);
        Assert.Equal(("王五", "110105198001011234"), (check.Name.Value, check.IdNumber.Value));
    }

    [Fact]
    public void Should_bind_the_scan_to_the_face_check_it_started()
    {
        var state = Scanned();

        Assert.Equal(SessionStatus.Scanned, state.Status);
        Assert.Equal(new FaceCheckState(FaceCheck, T0.AddMinutes(5), Used: false), state.Face);
    }

    [Fact]
    public void Should_refuse_a_result_for_a_biz_token_not_issued_for_this_scan()
    {
        Assert.Equal(ErrorCodes.FaceCheckUnknown, SessionRules.Decide(Scanned(), Result(check: "someone-elses-check"), T0.AddSeconds(20)).Error?.Code);
    }

    [Fact]
    public void Should_refuse_a_result_when_the_scan_predates_the_bound_face_step()
    {
        var legacy = SessionRules.Apply(AwaitingScan(), new QrScanned(new Sensitive("app_1"), T0.AddSeconds(5)));

        Assert.Equal(ErrorCodes.FaceCheckUnknown, SessionRules.Decide(legacy, Result(), T0.AddSeconds(20)).Error?.Code);
    }

    [Fact]
    public void Should_fail_a_passed_result_whose_similarity_is_below_the_minimum()
    {
        var state = Fold(Scanned(), SessionRules.Decide(Scanned(), Result(similarity: 0.05), T0.AddSeconds(20)));

        Assert.False(state.ClaimPending);
        Assert.Equal(ErrorCodes.FaceMismatch, state.LastErrorCode);
        Assert.Equal(1, state.FaceFailures);
    }

    [Fact]
    public void Should_fail_a_passed_result_without_liveness()
    {
        var state = Fold(Scanned(), SessionRules.Decide(Scanned(), Result(liveness: false), T0.AddSeconds(20)));

        Assert.False(state.ClaimPending);
        Assert.Equal(ErrorCodes.LivenessFailed, state.LastErrorCode);
    }

    [Fact]
    public void Should_pass_a_live_face_at_exactly_the_minimum_similarity()
    {
        Assert.True(Fold(Scanned(), SessionRules.Decide(Scanned(), Result(similarity: Min), T0.AddSeconds(20))).ClaimPending);
    }

    [Fact]
    public void Should_refuse_a_second_result_for_the_same_check()
    {
        var failedOnce = Fold(Scanned(), SessionRules.Decide(Scanned(), Result(passed: false), T0.AddSeconds(20)));

        Assert.Equal(ErrorCodes.FaceCheckUsed, SessionRules.Decide(failedOnce, Result(), T0.AddSeconds(21)).Error?.Code);
    }

    [Fact]
    public void Should_refuse_a_result_for_the_check_of_a_replaced_qr()
    {
        var failedOnce = Fold(Scanned(), SessionRules.Decide(Scanned(), Result(passed: false), T0.AddSeconds(20)));
        var refreshed = SessionRules.Apply(failedOnce, new QrIssued("qr-2", T0.AddSeconds(30), T0.AddMinutes(3)));

        Assert.Equal(ErrorCodes.FaceCheckUnknown, SessionRules.Decide(refreshed, Result(), T0.AddSeconds(31)).Error?.Code);
    }

    [Fact]
    public void Should_refuse_a_result_after_the_face_check_expired()
    {
        Assert.Equal(ErrorCodes.FaceCheckUnknown, SessionRules.Decide(Scanned(), Result(), T0.AddMinutes(5)).Error?.Code);
    }

    [Fact]
    public void Should_not_bind_a_scan_whose_qr_was_replaced_while_the_face_check_started()
    {
        var refreshed = SessionRules.Apply(AwaitingScan(), new QrIssued("qr-2", T0.AddSeconds(3), T0.AddMinutes(3)));

        Assert.Equal(ErrorCodes.QrUnknown, SessionRules.Decide(refreshed, new BindScan(Token, new Sensitive("app_1"), FaceCheck, T0.AddMinutes(5)), T0.AddSeconds(5)).Error?.Code);
    }
}
