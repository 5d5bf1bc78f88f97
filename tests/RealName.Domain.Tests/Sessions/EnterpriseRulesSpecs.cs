using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Tests.Sessions;

public sealed class EnterpriseRulesSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly EnterpriseDetails Corporate = new(SubjectType.Enterprise, "测试有限公司", "91350100M000100Y43", "ckey", BankName: "ICBC", AccountNumber: new Sensitive("1234567890"));

    private static SessionState Fold(SessionState state, Decision decision) => decision.Events.Aggregate(state, SessionRules.Apply);

    private static SessionState AwaitingAmount()
    {
        var created = SessionRules.Apply(SessionState.Empty, new Created(SessionId.New(), new AccountId("acc_1"), VerificationMethod.CorporateAccount, "r", T0, T0.AddDays(3)));
        return Fold(created, SessionRules.Decide(created, new CompleteEnterprise(Corporate, null, null, new SecretHash("amount-37", TimeSpan.FromDays(3))), T0));
    }

    [Fact]
    public void Should_wait_for_the_amount_after_the_payment()
    {
        var state = AwaitingAmount();

        Assert.Equal(SessionStatus.AwaitingAmount, state.Status);
        Assert.Equal("测试有限公司", state.Enterprise!.EnterpriseName);
    }

    [Fact]
    public void Should_owe_an_enterprise_claim_for_the_right_amount()
    {
        Assert.True(Fold(AwaitingAmount(), SessionRules.Decide(AwaitingAmount(), new CheckAmount("amount-37"), T0.AddDays(1))).ClaimPending);
    }

    [Fact]
    public void Should_fail_after_three_wrong_amounts()
    {
        var state = AwaitingAmount();
        state = Fold(state, SessionRules.Decide(state, new CheckAmount("x"), T0));
        state = Fold(state, SessionRules.Decide(state, new CheckAmount("x"), T0));
        var third = SessionRules.Decide(state, new CheckAmount("x"), T0);

        Assert.Equal(ErrorCodes.TooManyAttempts, third.Error?.Code);
        Assert.Equal(SessionStatus.Failed, Fold(state, third).Status);
    }

    [Fact]
    public void Should_expire_after_its_days_long_ttl()
    {
        Assert.Equal(SessionStatus.Expired, SessionRules.Effective(AwaitingAmount(), T0.AddDays(3)));
        Assert.Equal(SessionStatus.AwaitingAmount, SessionRules.Effective(AwaitingAmount(), T0.AddDays(2)));
    }

    [Fact]
    public void Should_limit_accounts_per_enterprise_and_enterprises_per_account()
    {
        var claim = new EnterpriseClaimRequest(new AccountId("acc_1"), SessionId.New(), VerificationMethod.CorporateAccount, Corporate, MaxAccounts: 1);
        var state = RegistryRules.Apply(RegistryState.Empty, RegistryRules.DecideEnterprise(RegistryState.Empty, claim, T0).Event!);

        Assert.True(RegistryRules.DecideEnterprise(state, claim, T0).Verdict.IsGranted);
        Assert.Equal(ErrorCodes.IdAlreadyVerified, RegistryRules.DecideEnterprise(state, claim with { AccountId = new AccountId("acc_2") }, T0).Verdict.RefusalCode);
        Assert.True(RegistryRules.DecideEnterprise(state, claim with { AccountId = new AccountId("acc_2"), MaxAccounts = 2 }, T0).Verdict.IsGranted);
        Assert.Equal(ErrorCodes.AccountAlreadyVerified,
            RegistryRules.DecideEnterprise(state, claim with { Details = Corporate with { CreditKey = "other" } }, T0).Verdict.RefusalCode);
    }
}
