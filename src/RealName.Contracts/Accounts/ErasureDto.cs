namespace RealName.Contracts.Accounts;

/// <summary>
/// The erasure's answer: data keys destroyed (0 when the account never stored personal data, or was
/// erased before), whether the registry had readable values to erase, whether the account still
/// holds its claim (as an HMAC), and how many appeals lost their personal values; <c>erasedBy</c> is
/// the admin token's name, also recorded in the registry's, the desk's and the sessions' events.
/// </summary>
public sealed record ErasureDto(string AccountId, DateTimeOffset ErasedAt, int KeysDestroyed, bool RegistryErased, bool ClaimKept, int AppealsErased, string ErasedBy);
