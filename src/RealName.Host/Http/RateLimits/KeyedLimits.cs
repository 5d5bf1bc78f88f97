using System.Threading.RateLimiting;

namespace RealName.Host.Http.RateLimits;

/// <summary>
/// The budgets keyed by what only the body names: sessions per account, identity submissions per
/// ID number (by its HMAC key, never the number), scans per session. Endpoints call
/// <see cref="TryAcquire"/> after parsing and before doing anything costly.
/// </summary>
public sealed class KeyedLimits : IDisposable
{
    private readonly RateLimitSettings _settings;
    private readonly PartitionedRateLimiter<string> _limiter;

    public KeyedLimits(RateLimitSettings settings)
    {
        _settings = settings;
        _limiter = PartitionedRateLimiter.Create<string, string>(key =>
            Limit(key) is { } limit ? RateLimitPartition.GetFixedWindowLimiter(key, _ => RateLimiting.Window(limit)) : RateLimitPartition.GetNoLimiter(""));
    }

    public bool Enabled => _settings.Enabled;

    /// <summary><c>null</c> when the request may go on; otherwise the <c>429 rate_limited</c> answer.</summary>
    public IResult? TryAcquire(KeyedLimit limit, string key)
    {
        if (!_settings.Enabled)
            return null;
        using var lease = _limiter.AttemptAcquire(Prefix(limit) + key);
        if (lease.IsAcquired)
            return null;
        return RateLimiting.Refusal(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60));
    }

    public void Dispose() => _limiter.Dispose();

    private WindowLimit? Limit(string key) => key[..2] switch
    {
        "a|" => _settings.SessionsPerAccount,
        "i|" => _settings.SubmissionsPerIdNumber,
        "s|" => _settings.ScansPerSession,
        _ => null,
    };

    private static string Prefix(KeyedLimit limit) => limit switch
    {
        KeyedLimit.SessionsPerAccount => "a|",
        KeyedLimit.SubmissionsPerIdNumber => "i|",
        _ => "s|",
    };
}

/// <summary>The body-keyed budgets of <see cref="RateLimitSettings"/>.</summary>
public enum KeyedLimit
{
    SessionsPerAccount,
    SubmissionsPerIdNumber,
    ScansPerSession,
}
