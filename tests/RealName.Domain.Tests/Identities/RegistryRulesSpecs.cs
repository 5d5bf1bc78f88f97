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

public sealed class RegistryMoveSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static RegistryState Holding(string idKey, string account)
    {
        var claim = new ClaimRequest(idKey, new AccountId(account), SessionId.New(), VerificationMethod.Face, new Sensitive("张三"), new Sensitive("11010519491231002X"));
        return RegistryRules.Apply(RegistryState.Empty, RegistryRules.Decide(RegistryState.Empty, claim, T0).Event!);
    }

    private static MoveRequest Move(string from, string to, string appeal = "ap_1") =>
        new("k1", new AccountId(from), new AccountId(to), new Sensitive("张三"), new Sensitive("11010519491231002X"), "checked", appeal);

    [Fact]
    public void Should_move_claim_and_revoke_holder_in_one_event()
    {
        var (verdict, moved) = RegistryRules.DecideMove(Holding("k1", "acc_old"), Move("acc_old", "acc_new"), T0);
        var state = RegistryRules.Apply(Holding("k1", "acc_old"), moved!);

        Assert.True(verdict.IsGranted);
        Assert.Equal(new AccountId("acc_new"), state.ByIdKey["k1"]);
        Assert.False(state.ByAccount.ContainsKey(new AccountId("acc_old")));
        Assert.Equal("checked", state.Revoked[new AccountId("acc_old")].Reason);
    }

    [Fact]
    public void Should_refuse_a_move_when_the_claim_moved_meanwhile()
    {
        Assert.Equal(ErrorCodes.InvalidState, RegistryRules.DecideMove(Holding("k1", "acc_other"), Move("acc_old", "acc_new"), T0).Verdict.RefusalCode);
    }

    [Fact]
    public void Should_answer_the_same_appeal_again_without_a_new_event()
    {
        var state = RegistryRules.Apply(Holding("k1", "acc_old"), RegistryRules.DecideMove(Holding("k1", "acc_old"), Move("acc_old", "acc_new"), T0).Event!);

        var (again, e) = RegistryRules.DecideMove(state, Move("acc_old", "acc_new"), T0);
        var (other, _) = RegistryRules.DecideMove(state, Move("acc_old", "acc_third", "ap_2"), T0);

        Assert.True(again.IsGranted);
        Assert.Null(e);
        Assert.False(other.IsGranted);
    }

    [Fact]
    public void Should_refuse_moving_to_an_account_that_holds_an_identity()
    {
        var state = RegistryRules.Apply(Holding("k1", "acc_old"),
            new RegistryEvents.IdentityClaimed(new AccountIdentity(new AccountId("acc_new"), "k2", SessionId.New(), VerificationMethod.Face, new Sensitive("李四"), new Sensitive("x"), T0)));

        Assert.Equal(ErrorCodes.AccountAlreadyVerified, RegistryRules.DecideMove(state, Move("acc_old", "acc_new"), T0).Verdict.RefusalCode);
    }
}
