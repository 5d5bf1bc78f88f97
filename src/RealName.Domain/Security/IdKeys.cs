using System.Security.Cryptography;
using System.Text;

namespace RealName.Domain.Security;

/// <summary>
/// The registry never stores an ID number or credit code: it indexes HMAC-SHA256 of the
/// normalized value under a key from configuration, so a leaked journal cannot be reversed
/// by enumerating the (small) space of valid ID numbers without the key.
/// </summary>
public static class IdKeys
{
    public static string Compute(ReadOnlySpan<byte> key, string normalizedValue)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalizedValue), mac);
        return Convert.ToHexStringLower(mac);
    }
}
