using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RealName.Host.Http;

/// <summary>
/// The callback signature of the contract: <c>t=&lt;unix s&gt;,n=&lt;nonce&gt;,v1=&lt;hex HMAC-SHA256(secret, t.n.body)&gt;</c>,
/// valid within ±300 s, each nonce once.
/// </summary>
public static class CallbackSignature
{
    public const string Header = "X-RealName-Signature";
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(300);

    public static string Sign(string secret, long unixSeconds, string nonce, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{unixSeconds}.{nonce}."));
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
    }

    public static string BuildHeader(string secret, long unixSeconds, string nonce, ReadOnlySpan<byte> body) =>
        $"t={unixSeconds},n={nonce},v1={Sign(secret, unixSeconds, nonce, body)}";

    /// <summary>Checks format, MAC and time window; the nonce is returned for the caller to remember.</summary>
    public static bool TryVerify(string? header, string secret, ReadOnlySpan<byte> body, DateTimeOffset now, out string nonce)
    {
        nonce = "";
        if (string.IsNullOrEmpty(header) || header.Length > 512)
            return false;
        string? t = null, n = null, v1 = null;
        foreach (var part in header.Split(','))
        {
            var kv = part.Trim().Split('=', 2);
            if (kv.Length != 2)
                return false;
            switch (kv[0])
            {
                case "t": t = kv[1]; break;
                case "n": n = kv[1]; break;
                case "v1": v1 = kv[1]; break;
            }
        }
        if (t is null || n is null || v1 is null || n.Length is 0 or > 128
            || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
            return false;
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(unix, 0, 253402300799));
        if ((now - signedAt).Duration() > Window)
            return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, unix, n, body));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(v1.ToLowerInvariant())))
            return false;
        nonce = n;
        return true;
    }
}
