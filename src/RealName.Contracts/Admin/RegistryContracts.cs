namespace RealName.Contracts.Admin;

/// <summary>Exactly one of the two: an ID number (sent in the body, never in a URL) or an account id.</summary>
public sealed record RegistryLookupRequest(string? IdNumber, string? Account);

/// <summary>The registry's answer; <c>by</c> is <see cref="ByIdNumber"/> or <see cref="ByAccount"/>, as asked.</summary>
public sealed record RegistryLookupDto(string By, bool Found, string? Owner, string? Method, DateTimeOffset? VerifiedAt, MaskedIdentity? Identity, string? SessionId)
{
    public const string ByIdNumber = "idNumber";
    public const string ByAccount = "account";
}

public sealed record RegistryStatsDto(int VerifiedAccounts, int IdKeys, int RevokedAccounts, long JournalSequenceNr);
