using System.Collections;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace RealName.Domain.Identities;

/// <summary>
/// An immutable map for the registry's million-entry indexes: a plain <see cref="Dictionary{TKey,TValue}"/>
/// base that is never changed once built, under a small immutable overlay of the changes since, merged
/// into a new base (a copy) when it outgrows an eighth of the base.
/// </summary>
/// <remarks>
/// <see cref="ImmutableDictionary{TKey,TValue}"/> was too slow to build at a million entries
/// (see docs/adr/0003-registry-indexes-and-snapshots.md). Every version stays valid and unchanged.
/// </remarks>
public sealed class LayeredMap<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    /// <summary>The overlay is merged into a new base once it holds this many changes or an eighth of the base, whichever is more.</summary>
    private const int MinMergeAt = 1024;

    private readonly Dictionary<TKey, TValue> _base;
    private readonly ImmutableDictionary<TKey, Entry> _overlay;

    public static readonly LayeredMap<TKey, TValue> Empty = new(new Dictionary<TKey, TValue>(), ImmutableDictionary<TKey, Entry>.Empty, 0);

    private LayeredMap(Dictionary<TKey, TValue> @base, ImmutableDictionary<TKey, Entry> overlay, int count)
    {
        _base = @base;
        _overlay = overlay;
        Count = count;
    }

    /// <summary>A map of <paramref name="items"/> (a later duplicate key wins), built in one pass; <paramref name="capacity"/> presizes it.</summary>
    public static LayeredMap<TKey, TValue> From(IEnumerable<KeyValuePair<TKey, TValue>> items, int capacity = 0)
    {
        var built = new Dictionary<TKey, TValue>(capacity);
        foreach (var (key, value) in items)
            built[key] = value;
        return new LayeredMap<TKey, TValue>(built, ImmutableDictionary<TKey, Entry>.Empty, built.Count);
    }

    public int Count { get; }

    public TValue this[TKey key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException("The key is not in the map.");

    public IEnumerable<TKey> Keys => this.Select(kv => kv.Key);

    public IEnumerable<TValue> Values => this.Select(kv => kv.Value);

    public bool ContainsKey(TKey key) => TryGetValue(key, out _);

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_overlay.TryGetValue(key, out var changed))
        {
            value = changed.Value;
            return changed.Present;
        }
        return _base.TryGetValue(key, out value);
    }

    /// <summary>This map with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public LayeredMap<TKey, TValue> SetItem(TKey key, TValue value) =>
        With(key, new Entry(true, value), ContainsKey(key) ? Count : Count + 1);

    /// <summary>This map without <paramref name="key"/> (the same map when it has no such key).</summary>
    public LayeredMap<TKey, TValue> Remove(TKey key) =>
        ContainsKey(key) ? With(key, new Entry(false, default!), Count - 1) : this;

    private LayeredMap<TKey, TValue> With(TKey key, Entry entry, int count)
    {
        var overlay = _overlay.SetItem(key, entry);
        if (overlay.Count < Math.Max(MinMergeAt, _base.Count / 8))
            return new LayeredMap<TKey, TValue>(_base, overlay, count);
        var merged = new Dictionary<TKey, TValue>(_base);
        foreach (var (changedKey, changed) in overlay)
        {
            if (changed.Present)
                merged[changedKey] = changed.Value;
            else
                merged.Remove(changedKey);
        }
        return new LayeredMap<TKey, TValue>(merged, ImmutableDictionary<TKey, Entry>.Empty, count);
    }

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        foreach (var pair in _base)
        {
            if (!_overlay.ContainsKey(pair.Key))
                yield return pair;
        }
        foreach (var (key, changed) in _overlay)
        {
            if (changed.Present)
                yield return KeyValuePair.Create(key, changed.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>A change in the overlay: the key's new value, or its removal.</summary>
    private readonly record struct Entry(bool Present, TValue Value);
}
