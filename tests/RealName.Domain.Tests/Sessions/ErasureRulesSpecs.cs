using System.Collections.Immutable;
using RealName.Domain.Appeals;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Tests.Sessions;

/// <summary>PIPL erasure as pure decisions: what a session, the registry and the appeal desk forget, and what they keep.</summary>
public sealed class ErasureRulesSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly AccountId Account = new("acc_1001");

    private static SessionState AwaitingScan() => new[]
    {
        (ISessionEvent)new Created(SessionId.New(), Account, VerificationMethod.Face, "req", T0, T0.AddMinutes(30)),
        new IdentityAccepted(new Sensitive("张三", Account.Value), new Sensitive("11010519491231002X", Account.Value), "idkey", T0, Phone: new Sensitive("13800138000", Account.Value)),
        new QrIssued("token", T0, T0.AddSeconds(120)),
    }.Aggregate(SessionState.Empty, SessionRules.Apply);

    private static readonly ErasePersonalData Erase = new(Account, T0.AddMinutes(1));

    private static SessionState Fold(SessionState state, Decision decision) => decision.Events.Aggregate(state, SessionRules.Apply);

    [Fact]
    public void Should_cancel_an_open_session_and_forget_every_personal_value_but_the_id_key()
    {
        var state = Fold(AwaitingScan(), SessionRules.Decide(AwaitingScan(), Erase, T0.AddMinutes(1)));

        Assert.Equal(SessionStatus.Canceled, state.Status);
        Assert.True(state.IsErased);
        Assert.Null(state.MaskedName);
        Assert.Null(state.MaskedIdNumber);
        Assert.Null(state.MaskedPhone);
        Assert.Equal("", state.Name!.Value.Value);
        Assert.Equal("idkey", state.IdKey);
    }

    [Fact]
    public void Should_keep_a_verified_session_verified_when_erasing_it()
    {
        var verified = SessionRules.Apply(AwaitingScan(), new Verified(T0.AddMinutes(1)));

        var decision = SessionRules.Decide(verified, Erase, T0.AddMinutes(2));

        Assert.IsType<PersonalDataErased>(Assert.Single(decision.Events));
        Assert.Equal(SessionStatus.Verified, Fold(verified, decision).Status);
    }

    [Fact]
    public void Should_let_a_pending_claim_finish_when_erasing_it()
    {
        var pending = SessionRules.Apply(AwaitingScan(), new FacePassed("ref", 0.9, T0.AddMinutes(1)));

        var state = Fold(pending, SessionRules.Decide(pending, Erase, T0.AddMinutes(2)));

        Assert.True(state.ClaimPending);
        Assert.True(state.IsErased);
    }

    [Fact]
    public void Should_expire_rather_than_cancel_an_overdue_session_when_erasing_it()
    {
        var decision = SessionRules.Decide(AwaitingScan(), Erase, T0.AddHours(1));

        Assert.Equal(SessionStatus.Expired, Fold(AwaitingScan(), decision).Status);
    }

    [Fact]
    public void Should_record_nothing_when_erasing_an_erased_session_again()
    {
        var erased = Fold(AwaitingScan(), SessionRules.Decide(AwaitingScan(), Erase, T0.AddMinutes(1)));

        Assert.Empty(SessionRules.Decide(erased, Erase, T0.AddMinutes(2)).Events);
    }

    [Fact]
    public void Should_ignore_an_erasure_of_another_account_or_from_before_the_session_began()
    {
        Assert.Empty(SessionRules.Decide(AwaitingScan(), new ErasePersonalData(new AccountId("acc_other"), T0.AddMinutes(1)), T0.AddMinutes(1)).Events);
        Assert.Empty(SessionRules.Decide(AwaitingScan(), new ErasePersonalData(Account, T0.AddMinutes(-1)), T0.AddMinutes(1)).Events);
    }

    [Fact]
    public void Should_show_a_session_read_back_under_a_destroyed_key_as_erased()
    {
        var shredded = AwaitingScan() with { Name = Sensitive.Erased(Account.Value), IdNumber = Sensitive.Erased(Account.Value) };

        Assert.True(shredded.IsErased);
        Assert.Null(shredded.MaskedName);
    }

    [Fact]
    public void Should_keep_the_registry_claim_as_an_id_key_and_forget_its_readable_values()
    {
        var claim = new ClaimRequest("idkey", Account, SessionId.New(), VerificationMethod.Face, new Sensitive("张三", Account.Value), new Sensitive("11010519491231002X", Account.Value));
        var state = RegistryRules.Apply(RegistryState.Empty, RegistryRules.Decide(RegistryState.Empty, claim, T0).Event!);

        var erasure = RegistryRules.DecideErase(state, Account, T0.AddDays(1));
        var erased = RegistryRules.Apply(state, erasure!);

        Assert.Null(erased.ByAccount[Account].MaskedName);
        Assert.Null(erased.ByAccount[Account].MaskedIdNumber);
        Assert.Equal(ErrorCodes.IdAlreadyVerified, RegistryRules.Check(erased, "idkey", new AccountId("acc_other")).RefusalCode);
        Assert.Null(RegistryRules.DecideErase(erased, Account, T0.AddDays(2)));
        Assert.Null(RegistryRules.DecideErase(erased, new AccountId("acc_never"), T0.AddDays(2)));
    }

    [Fact]
    public void Should_erase_only_the_erased_appellants_appeals()
    {
        Appeal Filed(string id, string account) => new(id, new AccountId(account), new Sensitive("张三", account), new Sensitive("11010519491231002X", account),
            "idkey", new Sensitive("13800138000", account), "mine", new AccountId("acc_holder"), AppealStatus.Pending, T0);
        var book = new AppealBook(ImmutableDictionary<string, Appeal>.Empty.Add("a1", Filed("a1", Account.Value)).Add("a2", Filed("a2", "acc_other")));

        var erased = AppealRules.Apply(book, new AppealEvents.AppellantErased(Account, T0));

        Assert.True(erased.Appeals["a1"].Name.IsErased);
        Assert.True(erased.Appeals["a1"].Contact.IsErased);
        Assert.Equal(AppealStatus.Pending, erased.Appeals["a1"].Status);
        Assert.Equal("张三", erased.Appeals["a2"].Name.Value);
        Assert.Empty(AppealRules.Readable(erased, Account));
    }
}
