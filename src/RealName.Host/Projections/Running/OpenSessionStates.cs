using RealName.Domain.Sessions;

namespace RealName.Host.Projections.Running;

/// <summary>
/// The states of open sessions as the projector last folded them, so that a session's next event applies to its
/// cached state instead of a replay of its journal. Bounded: when full it drops the session projected least recently,
/// so sessions in progress stay and abandoned ones leave.
/// </summary>
/// <remarks>
/// Dropping "the first key" of a <see cref="Dictionary{TKey,TValue}"/> is not that: the slot a removal frees is the
/// next insertion's, so once full it dropped the session it had just added, kept the oldest 49,999 for good and
/// replayed a journal for nearly every event.
/// </remarks>
internal sealed class OpenSessionStates(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _byId = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _byRecency = new(); // least recently projected first

    public int Count => _byId.Count;

    public bool TryGet(string id, out SessionState state, out long sequenceNr)
    {
        if (_byId.TryGetValue(id, out var node))
        {
            (state, sequenceNr) = (node.Value.State, node.Value.SequenceNr);
            return true;
        }
        (state, sequenceNr) = (SessionState.Empty, 0);
        return false;
    }

    /// <summary>Keeps a session's state after its event as the most recently projected; a full cache drops the least recent.</summary>
    public void Remember(string id, SessionState state, long sequenceNr)
    {
        if (_byId.TryGetValue(id, out var node))
        {
            node.Value = new Entry(id, state, sequenceNr);
            _byRecency.Remove(node);
            _byRecency.AddLast(node);
            return;
        }
        if (_byId.Count >= capacity && _byRecency.First is { } leastRecent)
        {
            _byRecency.RemoveFirst();
            _byId.Remove(leastRecent.Value.Id);
        }
        _byId[id] = _byRecency.AddLast(new Entry(id, state, sequenceNr));
    }

    public void Forget(string id)
    {
        if (_byId.Remove(id, out var node))
            _byRecency.Remove(node);
    }

    /// <summary>Drops every cached session of an erased account.</summary>
    public void ForgetAccount(string accountId)
    {
        for (var node = _byRecency.First; node is not null;)
        {
            var next = node.Next;
            if (node.Value.State.AccountId.Value == accountId)
            {
                _byRecency.Remove(node);
                _byId.Remove(node.Value.Id);
            }
            node = next;
        }
    }

    public void Clear()
    {
        _byId.Clear();
        _byRecency.Clear();
    }

    private readonly record struct Entry(string Id, SessionState State, long SequenceNr);
}
