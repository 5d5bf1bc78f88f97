using System.Security.Cryptography;
using System.Text;
using RealName.Host.Http.RateLimits;

namespace RealName.Host.Http;

/// <summary>What <see cref="NonceStore.Remember"/> found.</summary>
public enum NonceOutcome
{
    /// <summary>First use: remembered.</summary>
    Remembered,

    /// <summary>Seen before within its retention: a replay.</summary>
    Replayed,

    /// <summary>The store holds its maximum of live entries: refused without being remembered (fail closed).</summary>
    Full,
}

/// <summary>
/// Remembers callback nonces for twice the signature window and redeemed page link tokens for their
/// remaining life, per node. Bounded to <see cref="Capacity"/> entries (a hash and an expiry each), full
/// means refused, so a flood costs at most the capacity (see docs/adr/0007-replay-guards-nonces-and-page-links.md).
/// </summary>
public sealed class NonceStore
{
    private const int Stripes = 64;
    private readonly TimeProvider _clock;
    private readonly Stripe[] _stripes;
    private readonly int _perStripe;

    public NonceStore(TimeProvider clock, RateLimitSettings settings)
    {
        _clock = clock;
        Capacity = Math.Max(Stripes, settings.MaxRememberedNonces);
        _perStripe = Capacity / Stripes;
        _stripes = Enumerable.Range(0, Stripes).Select(_ => new Stripe()).ToArray();
    }

    public int Capacity { get; }

    /// <summary>Live and not yet purged entries (for the measurements).</summary>
    public int Count => _stripes.Sum(s => { lock (s) return s.Expiries.Count; });

    /// <summary>True the first time a nonce is seen within the retention; false for a replay or when full.</summary>
    public bool TryRemember(string scope, string nonce) => Remember(scope, nonce) == NonceOutcome.Remembered;

    /// <summary>The same for a credential with its own lifetime (a page's link token), remembered for <paramref name="retention"/>.</summary>
    public bool TryRemember(string scope, string nonce, TimeSpan retention) => Remember(scope, nonce, retention) == NonceOutcome.Remembered;

    public NonceOutcome Remember(string scope, string nonce) => Remember(scope, nonce, CallbackSignature.Window * 2);

    public NonceOutcome Remember(string scope, string nonce, TimeSpan retention)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var key = Key(scope, nonce);
        var stripe = _stripes[(int)((ulong)key % Stripes)];
        lock (stripe)
        {
            if (stripe.Expiries.TryGetValue(key, out var until) && until >= now)
                return NonceOutcome.Replayed;
            if (stripe.Expiries.Count >= _perStripe && !stripe.Expiries.ContainsKey(key))
            {
                stripe.Purge(now);
                if (stripe.Expiries.Count >= _perStripe)
                    return NonceOutcome.Full;
            }
            else if (++stripe.Inserts % 4096 == 0)
            {
                stripe.Purge(now);
            }
            stripe.Expiries[key] = now + retention.Ticks;
            return NonceOutcome.Remembered;
        }
    }

    private static UInt128 Key(string scope, string nonce)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + nonce), hash);
        return BitConverter.ToUInt128(hash);
    }

    private sealed class Stripe
    {
        public readonly Dictionary<UInt128, long> Expiries = [];
        public long Inserts;

        public void Purge(long now)
        {
            foreach (var (key, until) in Expiries)
                if (until < now)
                    Expiries.Remove(key);
        }
    }
}
