using System.Collections.Immutable;
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
    DateTimeOffset VerifiedAt);

/// <summary>A request to bind an identity to an account; idempotent per (id key, account).</summary>
public sealed record ClaimRequest(string IdKey, AccountId AccountId, SessionId SessionId, VerificationMethod Method, Sensitive Name, Sensitive IdNumber);

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
public sealed record RegistryState(ImmutableDictionary<string, AccountId> ByIdKey, ImmutableDictionary<AccountId, AccountIdentity> ByAccount)
{
    public static readonly RegistryState Empty = new(ImmutableDictionary<string, AccountId>.Empty, ImmutableDictionary<AccountId, AccountIdentity>.Empty);
}

public static class RegistryEvents
{
    public sealed record IdentityClaimed(AccountIdentity Identity);
}

public static class RegistryRules
{
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

    public static RegistryState Apply(RegistryState state, RegistryEvents.IdentityClaimed claimed) => new(
        state.ByIdKey.SetItem(claimed.Identity.IdKey, claimed.Identity.AccountId),
        state.ByAccount.SetItem(claimed.Identity.AccountId, claimed.Identity));
}
