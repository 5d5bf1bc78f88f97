using System.Collections.Concurrent;

namespace RealName.Host.Http;

/// <summary>
/// Remembers callback nonces for twice the signature window, so a replay inside the window is
/// refused and one after it fails the time check anyway. Per node: a replay sent to another
/// node of a cluster is still stopped by the single-use QR token it carries.
/// </summary>
public sealed class NonceStore(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new();
    private long _inserts;

    /// <summary>True the first time a nonce is seen within the retention, false for a replay.</summary>
    public bool TryRemember(string scope, string nonce) => TryRemember(scope, nonce, CallbackSignature.Window * 2);

    /// <summary>
    /// The same for a credential with its own lifetime (a page's link token): remembered for
    /// <paramref name="retention"/>, after which the credential has expired anyway.
    /// </summary>
    public bool TryRemember(string scope, string nonce, TimeSpan retention)
    {
        var now = clock.GetUtcNow();
        if (Interlocked.Increment(ref _inserts) % 1024 == 0)
            Purge(now);
        var key = scope + ":" + nonce;
        return _seen.TryAdd(key, now + retention)
            || (_seen.TryGetValue(key, out var until) && until < now && _seen.TryUpdate(key, now + retention, until));
    }

    private void Purge(DateTimeOffset now)
    {
        foreach (var (key, until) in _seen)
            if (until < now)
                _seen.TryRemove(key, out _);
    }
}
