using System.Collections.Concurrent;
using RealName.Domain.Sessions;

namespace RealName.Actors.Sessions;

/// <summary>
/// The state of every session this node holds in memory, as the session last stored it: a status read of such a
/// session is answered from here, without an ask through the shard region (ADR 0012).
/// </summary>
/// <remarks>
/// A session puts its state here once recovered and after each persist has been applied — never an event not yet
/// in the journal — and takes it out when it leaves memory (idle, its bucket's passivation or hand-off, a failed
/// write). Its next stay starts only after that: in the same bucket, which runs one thing at a time, or, after a
/// hand-off, in the bucket's next incarnation, which the shard region starts only once this one stopped. So an entry is
/// never older than the journal's last write while it is here. A session held by another node, or not in memory, is
/// asked as before. One reference per session: the state object is the session's own, not a copy.
/// </remarks>
public sealed class LocalSessions
{
    private readonly ConcurrentDictionary<string, SessionState> _states = new(StringComparer.Ordinal);

    /// <summary>How many sessions this node holds in memory.</summary>
    public int Count => _states.Count;

    public bool TryGet(string sessionId, out SessionState state) => _states.TryGetValue(sessionId, out state!);

    /// <summary>Called by the session itself, with a state whose events are all in the journal.</summary>
    public void Stored(string sessionId, SessionState state) => _states[sessionId] = state;

    /// <summary>Called by the session itself as it stops.</summary>
    public void Stopped(string sessionId) => _states.TryRemove(sessionId, out _);
}
