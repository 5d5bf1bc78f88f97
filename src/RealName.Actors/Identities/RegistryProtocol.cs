using RealName.Actors.Serialization;
using RealName.Domain.Identities;

namespace RealName.Actors.Identities;

/// <summary>Messages to and from the <see cref="IdentityRegistryActor"/> singleton.</summary>
public static class RegistryProtocol
{
    /// <summary>Binds the identity to the account if neither is taken; idempotent, so senders retry freely.</summary>
    public sealed record Claim(ClaimRequest Request) : IRealNameMessage;

    /// <summary>Binds an enterprise to the account (E1, E2); idempotent like <see cref="Claim"/>.</summary>
    public sealed record EnterpriseClaim(EnterpriseClaimRequest Request) : IRealNameMessage;

    /// <summary>Asks what an enterprise claim would get now, recording nothing.</summary>
    public sealed record CheckEnterprise(string CreditKey, string AccountId, int MaxAccounts) : IRealNameMessage;

    /// <summary>Asks what a claim would get now, recording nothing (the early check at submit time).</summary>
    public sealed record Check(string IdKey, string AccountId) : IRealNameMessage;

    public sealed record GetAccount(string AccountId) : IRealNameMessage;

    public sealed record Verdict(string? RefusalCode, string? Owner) : IRealNameMessage
    {
        public bool IsGranted => RefusalCode is null;
    }

    /// <summary>An approved appeal's move of an identity to the appellant; idempotent per appeal.</summary>
    public sealed record MoveClaim(MoveRequest Request) : IRealNameMessage;

    /// <summary>The account's identity, or why it lost one (an approved appeal revoked it).</summary>
    public sealed record AccountAnswer(AccountIdentity? Identity, Revocation? Revoked = null, EnterpriseRecord? Enterprise = null) : IRealNameMessage;

    /// <summary>Asks for the registry's size (the ops CLI's <c>registry stats</c>); answered with <see cref="Stats"/>.</summary>
    public sealed record GetStats : IRealNameMessage
    {
        public static readonly GetStats Instance = new();
    }

    /// <summary>Counts only: no identity leaves the registry in this answer.</summary>
    public sealed record Stats(int VerifiedAccounts, int IdKeys, int RevokedAccounts, long SequenceNr) : IRealNameMessage;

    /// <summary>Erases the account's personal data from its claims (PIPL); the claims themselves stay. Answered with <see cref="Erased"/>.</summary>
    public sealed record EraseAccount(string AccountId, string? By = null) : IRealNameMessage;

    /// <summary><paramref name="DataErased"/>: something readable was erased now; <paramref name="ClaimKept"/>: the account still holds an identity or enterprise claim.</summary>
    public sealed record Erased(bool DataErased, bool ClaimKept) : IRealNameMessage;

    /// <summary>The persisted snapshot: every claim, from which both indexes are rebuilt.</summary>
    public sealed record Snapshot(IReadOnlyList<AccountIdentity> Identities, IReadOnlyList<Revocation>? Revocations = null, IReadOnlyList<EnterpriseRecord>? Enterprises = null) : IRealNameMessage;
}
