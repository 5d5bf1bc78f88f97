using System.Collections.Immutable;
using System.Text.Json.Serialization;
using RealName.Domain.Security;
using RealName.Domain.Sessions;

namespace RealName.Domain.Identities;

/// <summary>Who verified an account: the claim the registry recorded for it.</summary>
public sealed record AccountIdentity(
    AccountId AccountId,
    string IdKey,
    SessionId SessionId,
    VerificationMethod Method,
    Sensitive Name,
    Sensitive IdNumber,
    DateTimeOffset VerifiedAt,
    string? AppealId = null)
{
    /// <remarks>Not serialized: it would open every sealed value of a snapshot, and store what erasure removes.</remarks>
    [JsonIgnore]
    public string? MaskedName => Name.Readable() is { } n ? Masking.MaskName(n) : null;

    [JsonIgnore]
    public string? MaskedIdNumber => IdNumber.Readable() is { } i ? Masking.MaskIdNumber(i) : null;

    /// <summary>The claim after the account's erasure: the HMAC key still holds the ID card, nothing readable is left.</summary>
    public AccountIdentity WithoutPersonalData() => this with { Name = Name.Erase(), IdNumber = IdNumber.Erase() };
}

/// <summary>An account whose identity was moved to another account by an approved appeal.</summary>
public sealed record Revocation(AccountId AccountId, string Reason, string AppealId, DateTimeOffset At, AccountIdentity Previous);

/// <summary>An enterprise an account verified (E1, E2); kept beside its personal identity (U1 upgrade).</summary>
public sealed record EnterpriseRecord(
    AccountId AccountId,
    string CreditKey,
    SessionId SessionId,
    VerificationMethod Method,
    SubjectType SubjectType,
    string EnterpriseName,
    string CreditCode,
    Sensitive? LegalPersonName,
    DateTimeOffset VerifiedAt);

/// <summary>A request to bind an enterprise to an account; at most <paramref name="MaxAccounts"/> accounts per enterprise.</summary>
public sealed record EnterpriseClaimRequest(AccountId AccountId, SessionId SessionId, VerificationMethod Method, EnterpriseDetails Details, int MaxAccounts);

/// <summary>A request to bind an identity to an account; idempotent per (id key, account).</summary>
public sealed record ClaimRequest(string IdKey, AccountId AccountId, SessionId SessionId, VerificationMethod Method, Sensitive Name, Sensitive IdNumber);

/// <summary>An approved appeal: move <paramref name="IdKey"/> from <paramref name="ExpectedOwner"/> to the appellant.</summary>
public sealed record MoveRequest(string IdKey, AccountId ExpectedOwner, AccountId Appellant, Sensitive Name, Sensitive IdNumber, string Reason, string AppealId);

/// <summary>The registry's answer. <see cref="RefusalCode"/> null means granted.</summary>
public sealed record ClaimVerdict(string? RefusalCode, AccountId? Owner)
{
    public static readonly ClaimVerdict Granted = new(null, null);
    public bool IsGranted => RefusalCode is null;
}

/// <summary>
/// Both uniqueness indexes in one state, so one claim checks and records the ID-card index and
/// the account index in a single event: no race can give one account two identities or one
/// identity two accounts.
/// </summary>
/// <remarks>The two million-entry indexes are <see cref="LayeredMap{TKey,TValue}"/>s: immutable, but cheap to build from a snapshot and to change.</remarks>
public sealed record RegistryState(
    LayeredMap<string, AccountId> ByIdKey,
    LayeredMap<AccountId, AccountIdentity> ByAccount,
    ImmutableDictionary<AccountId, Revocation> Revoked)
{
    public static readonly RegistryState Empty = new(
        LayeredMap<string, AccountId>.Empty,
        LayeredMap<AccountId, AccountIdentity>.Empty,
        ImmutableDictionary<AccountId, Revocation>.Empty);

    /// <summary>Credit-code key → the accounts that verified that enterprise.</summary>
    public ImmutableDictionary<string, ImmutableList<AccountId>> ByCreditKey { get; init; } = ImmutableDictionary<string, ImmutableList<AccountId>>.Empty;

    /// <summary>Account → the enterprise it verified.</summary>
    public ImmutableDictionary<AccountId, EnterpriseRecord> Enterprises { get; init; } = ImmutableDictionary<AccountId, EnterpriseRecord>.Empty;

    /// <summary>Rebuilds the indexes from a snapshot's claims (and revocations, enterprises) in one pass.</summary>
    public static RegistryState From(IEnumerable<AccountIdentity> identities, IEnumerable<Revocation>? revocations = null, IEnumerable<EnterpriseRecord>? enterprises = null)
    {
        var claims = identities as IReadOnlyCollection<AccountIdentity> ?? identities.ToList();
        var byIdKey = LayeredMap<string, AccountId>.From(claims.Select(i => KeyValuePair.Create(i.IdKey, i.AccountId)), claims.Count);
        var byAccount = LayeredMap<AccountId, AccountIdentity>.From(claims.Select(i => KeyValuePair.Create(i.AccountId, i)), claims.Count);
        var revoked = (revocations ?? []).ToImmutableDictionary(r => r.AccountId);
        var state = new RegistryState(byIdKey, byAccount, revoked);
        return (enterprises ?? []).Aggregate(state, (s, e) => RegistryRules.Apply(s, new RegistryEvents.EnterpriseClaimed(e)));
    }
}

public static class RegistryEvents
{
    public interface IRegistryEvent;

    public sealed record IdentityClaimed(AccountIdentity Identity) : IRegistryEvent;

    public sealed record EnterpriseClaimed(EnterpriseRecord Enterprise) : IRegistryEvent;

    /// <summary>An approved appeal moved an identity: one event revokes the old account and verifies the appellant.</summary>
    public sealed record ClaimMoved(Revocation Revocation, AccountIdentity Identity) : IRegistryEvent;

    /// <summary>The account's personal data was erased (PIPL): its claims keep only their HMAC keys.</summary>
    /// <summary>The account's personal data was erased; <paramref name="By"/> names the operator's admin token (none before names).</summary>
    public sealed record AccountErased(AccountId AccountId, DateTimeOffset At, string? By = null) : IRegistryEvent;
}

public static class RegistryRules
{
    /// <summary>Refusal when an appeal's claim no longer belongs to the account it was filed against.</summary>
    public const string ClaimMovedCode = ErrorCodes.InvalidState;

    /// <summary>The verdict a claim would get now, without recording anything.</summary>
    public static ClaimVerdict Check(RegistryState state, string idKey, AccountId accountId)
    {
        if (state.ByIdKey.TryGetValue(idKey, out var owner))
            return owner == accountId ? ClaimVerdict.Granted : new ClaimVerdict(ErrorCodes.IdAlreadyVerified, owner);
        return state.ByAccount.ContainsKey(accountId)
            ? new ClaimVerdict(ErrorCodes.AccountAlreadyVerified, accountId)
            : ClaimVerdict.Granted;
    }

    /// <summary>The verdict, and the event to persist when the claim is new (none for an idempotent re-claim).</summary>
    public static (ClaimVerdict Verdict, RegistryEvents.IdentityClaimed? Event) Decide(RegistryState state, ClaimRequest claim, DateTimeOffset now)
    {
        var verdict = Check(state, claim.IdKey, claim.AccountId);
        if (!verdict.IsGranted || state.ByIdKey.ContainsKey(claim.IdKey))
            return (verdict, null);
        var identity = new AccountIdentity(claim.AccountId, claim.IdKey, claim.SessionId, claim.Method, claim.Name, claim.IdNumber, now);
        return (verdict, new RegistryEvents.IdentityClaimed(identity));
    }

    /// <summary>
    /// An appeal approval: refused when the identity no longer belongs to the account the appeal
    /// names (it moved meanwhile) or when the appellant already holds an identity.
    /// </summary>
    public static (ClaimVerdict Verdict, RegistryEvents.ClaimMoved? Event) DecideMove(RegistryState state, MoveRequest move, DateTimeOffset now)
    {
        if (state.ByIdKey.TryGetValue(move.IdKey, out var current) && current == move.Appellant
            && state.ByAccount.TryGetValue(current, out var moved) && moved.AppealId == move.AppealId)
            return (ClaimVerdict.Granted, null); // this appeal's move, asked again after a lost answer
        if (!state.ByIdKey.TryGetValue(move.IdKey, out var owner) || owner != move.ExpectedOwner || !state.ByAccount.TryGetValue(owner, out var previous))
            return (new ClaimVerdict(ClaimMovedCode, owner), null);
        if (state.ByAccount.ContainsKey(move.Appellant))
            return (new ClaimVerdict(ErrorCodes.AccountAlreadyVerified, move.Appellant), null);
        var revocation = new Revocation(owner, move.Reason, move.AppealId, now, previous);
        var identity = new AccountIdentity(move.Appellant, move.IdKey, previous.SessionId, previous.Method, move.Name, move.IdNumber, now, move.AppealId);
        return (ClaimVerdict.Granted, new RegistryEvents.ClaimMoved(revocation, identity));
    }

    /// <summary>The verdict an enterprise claim would get now: at most <paramref name="maxAccounts"/> accounts per credit code, one enterprise per account.</summary>
    public static ClaimVerdict CheckEnterprise(RegistryState state, string creditKey, AccountId accountId, int maxAccounts)
    {
        if (state.Enterprises.TryGetValue(accountId, out var own))
            return own.CreditKey == creditKey ? ClaimVerdict.Granted : new ClaimVerdict(ErrorCodes.AccountAlreadyVerified, accountId);
        var holders = state.ByCreditKey.GetValueOrDefault(creditKey, ImmutableList<AccountId>.Empty);
        return holders.Count >= maxAccounts ? new ClaimVerdict(ErrorCodes.IdAlreadyVerified, holders[0]) : ClaimVerdict.Granted;
    }

    public static (ClaimVerdict Verdict, RegistryEvents.EnterpriseClaimed? Event) DecideEnterprise(RegistryState state, EnterpriseClaimRequest claim, DateTimeOffset now)
    {
        var d = claim.Details;
        var verdict = CheckEnterprise(state, d.CreditKey, claim.AccountId, claim.MaxAccounts);
        if (!verdict.IsGranted || state.Enterprises.ContainsKey(claim.AccountId))
            return (verdict, null);
        var record = new EnterpriseRecord(claim.AccountId, d.CreditKey, claim.SessionId, claim.Method, d.SubjectType, d.EnterpriseName, d.CreditCode, d.LegalPersonName, now);
        return (verdict, new RegistryEvents.EnterpriseClaimed(record));
    }

    /// <summary>
    /// Erasure keeps the uniqueness claim (the ID card stays bound to the account, by HMAC) and
    /// forgets the rest; an account with nothing readable left records nothing, so erasing twice is harmless.
    /// </summary>
    public static RegistryEvents.AccountErased? DecideErase(RegistryState state, AccountId accountId, DateTimeOffset now)
    {
        var readable = state.ByAccount.GetValueOrDefault(accountId)?.MaskedName is not null
            || state.Revoked.GetValueOrDefault(accountId)?.Previous.MaskedName is not null
            || state.Enterprises.GetValueOrDefault(accountId)?.LegalPersonName.Readable() is not null;
        return readable ? new RegistryEvents.AccountErased(accountId, now) : null;
    }

    public static RegistryState Apply(RegistryState state, RegistryEvents.IRegistryEvent @event) => @event switch
    {
        RegistryEvents.AccountErased e => state with
        {
            ByAccount = state.ByAccount.TryGetValue(e.AccountId, out var identity) ? state.ByAccount.SetItem(e.AccountId, identity.WithoutPersonalData()) : state.ByAccount,
            Revoked = state.Revoked.TryGetValue(e.AccountId, out var revoked) ? state.Revoked.SetItem(e.AccountId, revoked with { Previous = revoked.Previous.WithoutPersonalData() }) : state.Revoked,
            Enterprises = state.Enterprises.TryGetValue(e.AccountId, out var enterprise)
                ? state.Enterprises.SetItem(e.AccountId, enterprise with { LegalPersonName = enterprise.LegalPersonName.Erase() })
                : state.Enterprises,
        },
        RegistryEvents.EnterpriseClaimed e => state with
        {
            ByCreditKey = state.ByCreditKey.SetItem(e.Enterprise.CreditKey,
                state.ByCreditKey.GetValueOrDefault(e.Enterprise.CreditKey, ImmutableList<AccountId>.Empty).Add(e.Enterprise.AccountId)),
            Enterprises = state.Enterprises.SetItem(e.Enterprise.AccountId, e.Enterprise),
        },
        RegistryEvents.IdentityClaimed e => state with
        {
            ByIdKey = state.ByIdKey.SetItem(e.Identity.IdKey, e.Identity.AccountId),
            ByAccount = state.ByAccount.SetItem(e.Identity.AccountId, e.Identity),
            Revoked = state.Revoked.Remove(e.Identity.AccountId),
        },
        RegistryEvents.ClaimMoved e => state with
        {
            ByIdKey = state.ByIdKey.SetItem(e.Identity.IdKey, e.Identity.AccountId),
            ByAccount = state.ByAccount.Remove(e.Revocation.AccountId).SetItem(e.Identity.AccountId, e.Identity),
            Revoked = state.Revoked.SetItem(e.Revocation.AccountId, e.Revocation).Remove(e.Identity.AccountId),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown registry event."),
    };
}
