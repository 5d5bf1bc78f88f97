using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace RealName.Host.Projections.Webhooks;

/// <summary>
/// <c>RealName-Signature: t=&lt;unix s&gt;,v1=&lt;hex HMAC-SHA256(secret, t + "." + rawBody)&gt;</c>, as the
/// contract's "Webhooks (v2)" says; signed at each attempt, so <c>t</c> is the attempt's time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "RealName-Signature";

    public static string Sign(string secret, long unixSeconds, string rawBody)
    {
        var t = unixSeconds.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(t + "." + rawBody));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>What a receiver does: the MAC matches (in constant time) and <c>t</c> is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool Verify(string secret, string header, string rawBody, DateTimeOffset now, TimeSpan tolerance)
    {
        string? t = null, v1 = null;
        foreach (var part in header.Split(','))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2)
                continue;
            if (kv[0] == "t")
                t = kv[1];
            else if (kv[0] == "v1")
                v1 = kv[1];
        }
        if (t is null || v1 is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return false;
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
            return false;
        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, rawBody)[(t.Length + 6)..]);
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(v1));
    }
}
