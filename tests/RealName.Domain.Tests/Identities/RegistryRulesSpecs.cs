using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Domain.Tests.Identities;

public sealed class RegistryRulesSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static ClaimRequest Claim(string idKey, string account) =>
        new(idKey, new AccountId(account), SessionId.New(), VerificationMethod.Face, new Sensitive("张三"), new Sensitive("11010519491231002X"));

    private static RegistryState Grant(RegistryState state, ClaimRequest claim)
    {
        var (verdict, e) = RegistryRules.Decide(state, claim, T0);
        Assert.True(verdict.IsGranted);
        return RegistryRules.Apply(state, e!);
    }

    [Fact]
    public void Should_grant_first_claim_with_one_event()
    {
        var (verdict, e) = RegistryRules.Decide(RegistryState.Empty, Claim("k1", "acc_1"), T0);

        Assert.True(verdict.IsGranted);
        Assert.NotNull(e);
    }

    [Fact]
    public void Should_grant_reclaim_by_same_account_without_new_event()
    {
        var state = Grant(RegistryState.Empty, Claim("k1", "acc_1"));

        var (verdict, e) = RegistryRules.Decide(state, Claim("k1", "acc_1"), T0);

        Assert.True(verdict.IsGranted);
        Assert.Null(e);
    }

    [Fact]
    public void Should_refuse_id_claimed_by_another_account_naming_owner()
    {
        var state = Grant(RegistryState.Empty, Claim("k1", "acc_1"));

        var (verdict, e) = RegistryRules.Decide(state, Claim("k1", "acc_2"), T0);

        Assert.Equal(ErrorCodes.IdAlreadyVerified, verdict.RefusalCode);
        Assert.Equal(new AccountId("acc_1"), verdict.Owner);
        Assert.Null(e);
    }

    [Fact]
    public void Should_refuse_second_identity_for_verified_account()
    {
        var state = Grant(RegistryState.Empty, Claim("k1", "acc_1"));

        Assert.Equal(ErrorCodes.AccountAlreadyVerified, RegistryRules.Decide(state, Claim("k2", "acc_1"), T0).Verdict.RefusalCode);
    }

    [Fact]
    public void Should_key_identities_by_keyed_hmac_not_number()
    {
        var a = IdKeys.Compute(new byte[32], "11010519491231002X");
        var b = IdKeys.Compute(Enumerable.Repeat((byte)1, 32).ToArray(), "11010519491231002X");

        Assert.DoesNotContain("11010519491231002X", a, StringComparison.OrdinalIgnoreCase);
        Assert.NotEqual(a, b);
        Assert.Equal(64, a.Length);
    }
}
