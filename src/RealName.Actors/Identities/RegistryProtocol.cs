using RealName.Actors.Serialization;
using RealName.Domain.Identities;

namespace RealName.Actors.Identities;

/// <summary>Messages to and from the <see cref="IdentityRegistryActor"/> singleton.</summary>
public static class RegistryProtocol
{
    /// <summary>Binds the identity to the account if neither is taken; idempotent, so senders retry freely.</summary>
    public sealed record Claim(ClaimRequest Request) : IRealNameMessage;

    /// <summary>Asks what a claim would get now, recording nothing (the early check at submit time).</summary>
    public sealed record Check(string IdKey, string AccountId) : IRealNameMessage;

    public sealed record GetAccount(string AccountId) : IRealNameMessage;

    public sealed record Verdict(string? RefusalCode, string? Owner) : IRealNameMessage
    {
        public bool IsGranted => RefusalCode is null;
    }

    public sealed record AccountAnswer(AccountIdentity? Identity) : IRealNameMessage;

    /// <summary>The persisted snapshot: every claim, from which both indexes are rebuilt.</summary>
    public sealed record Snapshot(IReadOnlyList<AccountIdentity> Identities) : IRealNameMessage;
}
