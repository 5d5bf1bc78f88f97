using System.Collections.Concurrent;
using RealName.Domain.Sessions;

namespace RealName.Host.Http.RateLimits;

/// <summary>
/// Caps the event streams (<c>GET …/events</c>) this node holds open: per session, per client
/// address and node-wide. These are caps on concurrent connections — a node's own file descriptors,
/// memory and polling work — so they are counted in this node's memory, not in the cluster's
/// budgets (a stream on another node costs this one nothing). A stream over a cap is answered at
/// once — <c>429 rate_limited</c> per session or client, <c>503 streams_busy</c> node-wide, both with
/// <c>Retry-After</c> — and holds nothing.
/// </summary>
public sealed class StreamGate(RateLimitSettings settings)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, int> _perSession = new();
    private readonly ConcurrentDictionary<string, int> _perClient = new();
    private int _open;

    public int Open => Volatile.Read(ref _open);

    /// <summary>A lease to dispose when the stream ends, or the refusal to answer with.</summary>
    public (IDisposable? Lease, RefusalHttpResult? Refused) TryOpen(string sessionId, string? client)
    {
        if (Interlocked.Increment(ref _open) > settings.StreamsPerNode)
        {
            Interlocked.Decrement(ref _open);
            return (null, Problems.For(new SessionError(Problems.StreamsBusy, "This node holds as many event streams as it may; retry, or poll the session.", (int)RetryAfter.TotalSeconds)));
        }
        if (!TryEnter(_perSession, sessionId, settings.StreamsPerSession))
        {
            Interlocked.Decrement(ref _open);
            return (null, RateLimiting.Refusal(RetryAfter, nameof(settings.StreamsPerSession)));
        }
        var clientKey = client ?? "";
        if (!TryEnter(_perClient, clientKey, settings.StreamsPerClient))
        {
            Leave(_perSession, sessionId);
            Interlocked.Decrement(ref _open);
            return (null, RateLimiting.Refusal(RetryAfter, nameof(settings.StreamsPerClient)));
        }
        return (new Lease(this, sessionId, clientKey), null);
    }

    private static bool TryEnter(ConcurrentDictionary<string, int> counts, string key, int cap)
    {
        while (true)
        {
            var current = counts.GetOrAdd(key, 0);
            if (current >= Math.Max(1, cap))
                return false;
            if (counts.TryUpdate(key, current + 1, current))
                return true;
        }
    }

    private static void Leave(ConcurrentDictionary<string, int> counts, string key)
    {
        while (true)
        {
            if (!counts.TryGetValue(key, out var current))
                return;
            // The last one out removes the key, so the tables hold only keys with open streams.
            if (current <= 1 ? counts.TryRemove(KeyValuePair.Create(key, current)) : counts.TryUpdate(key, current - 1, current))
                return;
        }
    }

    private sealed class Lease(StreamGate gate, string sessionId, string client) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
                return;
            Leave(gate._perClient, client);
            Leave(gate._perSession, sessionId);
            Interlocked.Decrement(ref gate._open);
        }
    }
}
