using RealName.Domain.Sessions;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Tests.Sessions;

/// <summary>Enterprise one-click sync: the rules ask for the look-up, and decide on its answer.</summary>
public sealed class EnterpriseSyncRulesSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly EnterpriseDetails Linked = new(SubjectType.Enterprise, "北京集团同步科技有限公司", "91350100M000100Y43", "ckey");

    private static SessionState Created(VerificationMethod method) =>
        SessionRules.Apply(SessionState.Empty, new Created(SessionId.New(), new AccountId("acc_1"), method, "r", T0, T0.AddMinutes(30)));

    private static SessionState Fold(SessionState state, Decision decision) => decision.Events.Aggregate(state, SessionRules.Apply);

    [Fact]
    public void Should_ask_for_the_linked_enterprise_when_authorized_and_write_nothing_yet()
    {
        var decision = SessionRules.Decide(Created(VerificationMethod.EnterpriseSync), new RequestGroupSync(), T0);

        Assert.Equal(new SessionChecks.LookUpLinkedEnterprise(new AccountId("acc_1")), decision.Check);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Should_record_the_enterprise_and_owe_its_claim_when_the_look_up_passed()
    {
        var state = Created(VerificationMethod.EnterpriseSync);
        state = Fold(state, SessionRules.Decide(state, new CompleteEnterpriseSync(Linked, null, null), T0));

        Assert.True(state.ClaimPending);
        Assert.Equal("北京集团同步科技有限公司", state.Enterprise!.EnterpriseName);
        Assert.True(state.Method.IsEnterprise());
    }

    [Theory]
    [InlineData(ErrorCodes.EnterpriseNotLinked)]
    [InlineData(ErrorCodes.EnterpriseNotVerified)]
    [InlineData(ErrorCodes.EnterpriseMismatch)]
    [InlineData(ErrorCodes.ProviderUnavailable)]
    public void Should_stay_retryable_after_a_refused_look_up(string code)
    {
        var state = Created(VerificationMethod.EnterpriseSync);
        var decision = SessionRules.Decide(state, new CompleteEnterpriseSync(null, code, null), T0);
        state = Fold(state, decision);

        Assert.Equal(code, decision.Error?.Code);
        Assert.Equal(SessionStatus.RequiresInput, state.Status);
        Assert.Null(state.Enterprise);
    }

    [Fact]
    public void Should_fail_when_the_account_already_holds_an_enterprise()
    {
        var state = Created(VerificationMethod.EnterpriseSync);
        state = Fold(state, SessionRules.Decide(state, new CompleteEnterpriseSync(null, ErrorCodes.AccountAlreadyVerified, null), T0));

        Assert.Equal(SessionStatus.Failed, state.Status);
    }

    [Fact]
    public void Should_refuse_typed_in_enterprise_details_for_a_sync_session()
    {
        var decision = SessionRules.Decide(Created(VerificationMethod.EnterpriseSync), new RequestEnterprise(Linked, new SecretHash("h", TimeSpan.FromMinutes(5))), T0);

        Assert.Equal(ErrorCodes.InvalidState, decision.Error?.Code);
        Assert.Null(decision.Check);
    }

    [Fact]
    public void Should_refuse_authorize_for_a_typed_in_enterprise_method()
    {
        Assert.Equal(ErrorCodes.InvalidState, SessionRules.Decide(Created(VerificationMethod.LegalPersonFace), new RequestGroupSync(), T0).Error?.Code);
    }

    [Fact]
    public void Should_parse_enterprise_sync_as_an_enterprise_method()
    {
        Assert.True(VerificationMethods.TryParse("enterprise_sync", out var method));
        Assert.Equal(VerificationMethod.EnterpriseSync, method);
        Assert.True(method.IsSync());
    }
}
