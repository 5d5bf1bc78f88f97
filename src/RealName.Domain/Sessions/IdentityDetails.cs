using RealName.Domain.Security;

namespace RealName.Domain.Sessions;

/// <summary>
/// The personal details a session verifies: typed in (face, mobile, bank card) or looked up in
/// the group directory (one-click sync, associate). <see cref="IdKey"/> is the registry's HMAC key.
/// </summary>
public sealed record IdentityDetails(
    Sensitive Name,
    Sensitive IdNumber,
    string IdKey,
    Sensitive? Phone = null,
    Sensitive? BankCard = null,
    Sensitive? GroupAccount = null)
{
    /// <summary>The same details, every personal value under <paramref name="subject"/>'s data key.</summary>
    public IdentityDetails OwnedBy(string subject) => this with
    {
        Name = Name.OwnedBy(subject),
        IdNumber = IdNumber.OwnedBy(subject),
        Phone = Phone.OwnedBy(subject),
        BankCard = BankCard.OwnedBy(subject),
        GroupAccount = GroupAccount.OwnedBy(subject),
    };
}

/// <summary>A fresh secret's hash (QR token or SMS code) and how long it lives.</summary>
public sealed record SecretHash(string Hash, TimeSpan Ttl);

/// <summary>What an outside check (carrier 3-factor, bank 4-factor) answered.</summary>
public enum FactorOutcome
{
    Passed,
    Mismatch,
    Risk,
    Unavailable,
}
