using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RealName.Actors.Security;
using RealName.Host.Configuration;
using RealName.Host.Http;

namespace RealName.Host.Pages;

/// <summary>
/// The hosted page's credentials. A session's <c>url</c> carries a <b>link token</b>
/// (<c>lt=&lt;expiry&gt;.&lt;nonce&gt;.&lt;mac&gt;</c>, 30 min, bound to the session id) instead of the
/// platform's API key; the page exchanges it once for a <b>page grant</b>, an HttpOnly cookie bound to
/// the same session, and every page call then carries the grant.
/// </summary>
/// <remarks>
/// HMAC-SHA256 under a key derived (HKDF) from the ID-key secret, so any node accepts them without shared
/// state; single use is per node (see docs/adr/0007-replay-guards-nonces-and-page-links.md).
/// </remarks>
public sealed class PageLinks : IDisposable
{
    /// <summary>How long a session URL may wait to be opened: long enough to be sent by mail or chat, short enough to be useless later.</summary>
    public static readonly TimeSpan LinkTtl = TimeSpan.FromMinutes(30);

    /// <summary>How long an opened page may go on: a whole session (30 min by default) plus time to read the result.</summary>
    public static readonly TimeSpan GrantTtl = TimeSpan.FromHours(2);

    public const string CookieName = "rn_page";
    private const string NonceScope = "page-link";

    /// <summary>
    /// One HMAC context per thread, reset after each use: the one-shot <c>HMACSHA256.HashData</c> fetches and frees
    /// OpenSSL's MAC for every call, and a status read mints a link (measured: 1.3 → 0.5 µs a link).
    /// </summary>
    private readonly ThreadLocal<IncrementalHash> _macs;
    private readonly TimeProvider _clock;
    private readonly NonceStore _redeemed;
    private readonly string _publicUrl;

    public PageLinks(RealNameSecrets secrets, TimeProvider clock, NonceStore redeemed, IOptions<RealNameOptions> options)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secrets.IdKeySecret, 32, info: Encoding.UTF8.GetBytes("realname/pages/v1"));
        _macs = new ThreadLocal<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key), trackAllValues: true);
        _clock = clock;
        _redeemed = redeemed;
        _publicUrl = options.Value.PublicUrl.TrimEnd('/');
    }

    /// <summary>The hosted page of a session with a fresh link token: the session object's <c>url</c>.</summary>
    public string Url(string sessionId) => $"{_publicUrl}/verify/{sessionId}?lt={IssueLink(sessionId)}";

    /// <summary>
    /// The <c>url</c> a session's creation answers: its link token is derived from the session's id and
    /// creation time (expiry <see cref="LinkTtl"/> after it, nonce a MAC of both) instead of drawn, so a
    /// retried create answers the first answer again byte for byte, on any node (ADR 0014). Single use as any link.
    /// </summary>
    public string CreationUrl(string sessionId, DateTimeOffset createdAt)
    {
        var expires = Unix(createdAt + LinkTtl);
        Span<byte> derived = stackalloc byte[32];
        MacInto(derived, "link-nonce", sessionId, createdAt.ToUnixTimeMilliseconds(), "");
        var nonce = Convert.ToHexStringLower(derived[..12]); // as a drawn nonce: 12 bytes in hex
        return $"{_publicUrl}/verify/{sessionId}?lt={expires}.{nonce}.{Mac("link", sessionId, expires, nonce)}";
    }

    public string IssueLink(string sessionId)
    {
        var expires = Unix(_clock.GetUtcNow() + LinkTtl);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return $"{expires}.{nonce}.{Mac("link", sessionId, expires, nonce)}";
    }

    /// <summary>True once for a genuine, unexpired link token of this session; false for any other or a second use.</summary>
    public bool TryRedeem(string sessionId, string? linkToken)
    {
        var parts = linkToken is { Length: <= 160 } ? linkToken.Split('.') : [];
        if (parts.Length != 3 || !TryReadUnix(parts[0], out var expires) || parts[1].Length is 0 or > 32)
            return false;
        var retention = DateTimeOffset.FromUnixTimeSeconds(expires) - _clock.GetUtcNow();
        return retention > TimeSpan.Zero
            && FixedTimeEquals(parts[2], Mac("link", sessionId, expires, parts[1]))
            && _redeemed.TryRemember(NonceScope, parts[1], retention);
    }

    /// <summary>The page grant (cookie value) for a session, valid for <see cref="GrantTtl"/>.</summary>
    public string IssueGrant(string sessionId)
    {
        var expires = Unix(_clock.GetUtcNow() + GrantTtl);
        return $"{expires}.{Mac("grant", sessionId, expires, "")}";
    }

    public bool IsGranted(string sessionId, string? grant)
    {
        var parts = grant is { Length: <= 128 } ? grant.Split('.') : [];
        return parts.Length == 2
            && TryReadUnix(parts[0], out var expires)
            && DateTimeOffset.FromUnixTimeSeconds(expires) > _clock.GetUtcNow()
            && FixedTimeEquals(parts[1], Mac("grant", sessionId, expires, ""));
    }

    /// <summary>Sets the grant cookie: HttpOnly, SameSite=Strict (a page's POSTs cannot be forged from another site), scoped to this session's page API.</summary>
    public void SetGrantCookie(HttpResponse response, string sessionId) =>
        response.Cookies.Append(CookieName, IssueGrant(sessionId), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = response.HttpContext.Request.IsHttps,
            Path = $"/verify/api/{sessionId}",
            IsEssential = true,
        });

    private string Mac(string purpose, string sessionId, long expires, string nonce)
    {
        Span<byte> hash = stackalloc byte[32];
        MacInto(hash, purpose, sessionId, expires, nonce);
        return Base64Url.EncodeToString(hash);
    }

    private void MacInto(Span<byte> hash, string purpose, string sessionId, long expires, string nonce)
    {
        var mac = _macs.Value!;
        mac.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{purpose}|{sessionId}|{expires}|{nonce}")));
        mac.GetHashAndReset(hash);
    }

    public void Dispose()
    {
        foreach (var mac in _macs.Values)
            mac.Dispose();
        _macs.Dispose();
    }

    private static bool FixedTimeEquals(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), Encoding.ASCII.GetBytes(expected));

    private static long Unix(DateTimeOffset at) => at.ToUnixTimeSeconds();

    private static bool TryReadUnix(string text, out long unix) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out unix) && unix < 253402300799;
}
