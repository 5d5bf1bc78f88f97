namespace RealName.Host.Discovery;

/// <summary>A node found by a lookup: where its remoting listens.</summary>
public sealed record Contact(string Host, int Port);

/// <summary>
/// Decides when the nodes a discovery lookup finds may become seed nodes: at least
/// <c>required</c> of them, the same set in <c>stableLookups</c> lookups in a row. The seeds are
/// sorted (host, then port) so every node names the same first seed — the one that forms the
/// cluster when no other seed is in one yet.
/// </summary>
public sealed class SeedContacts(int required, int stableLookups)
{
    private Contact[] _last = [];
    private int _seen;

    /// <summary>The seeds once the lookups agree; <c>null</c> while they do not (yet).</summary>
    public IReadOnlyList<Contact>? Observe(IEnumerable<Contact> found)
    {
        var sorted = found.Distinct().OrderBy(c => c.Host, StringComparer.Ordinal).ThenBy(c => c.Port).ToArray();
        _seen = sorted.SequenceEqual(_last) ? _seen + 1 : 1;
        _last = sorted;
        return sorted.Length >= required && _seen >= stableLookups ? sorted : null;
    }
}
