using System.Collections.Immutable;
using FsCheck.Xunit;
using RealName.Domain.Identities;

namespace RealName.Domain.Tests.Identities;

public sealed class LayeredMapSpecs
{
    /// <summary>Applies (key, set-or-remove, value) operations to the map and to an ImmutableDictionary model.</summary>
    private static (LayeredMap<int, int> Map, ImmutableDictionary<int, int> Model) Run(
        LayeredMap<int, int> map, ImmutableDictionary<int, int> model, IEnumerable<(int Key, bool Set, int Value)> operations)
    {
        foreach (var (key, set, value) in operations)
        {
            (map, model) = set ? (map.SetItem(key, value), model.SetItem(key, value)) : (map.Remove(key), model.Remove(key));
        }
        return (map, model);
    }

    private static void AssertSame(ImmutableDictionary<int, int> model, LayeredMap<int, int> map)
    {
        Assert.Equal(model.Count, map.Count);
        Assert.Equal(model.OrderBy(kv => kv.Key), map.OrderBy(kv => kv.Key));
        foreach (var (key, value) in model)
            Assert.Equal(value, map[key]);
    }

    [Property]
    public void Should_hold_what_an_immutable_dictionary_holds_after_the_same_changes((byte Key, bool Set, int Value)[] operations)
    {
        var (map, model) = Run(LayeredMap<int, int>.Empty, ImmutableDictionary<int, int>.Empty, operations.Select(o => ((int)o.Key, o.Set, o.Value)));

        AssertSame(model, map);
        Assert.All(Enumerable.Range(0, 256).Where(k => !model.ContainsKey(k)), k => Assert.False(map.ContainsKey(k)));
    }

    [Fact]
    public void Should_leave_every_earlier_version_unchanged_when_later_changes_merge_into_a_new_base()
    {
        var random = new Random(42);
        var start = Enumerable.Range(0, 20_000).Select(k => KeyValuePair.Create(k, k)).ToList();
        var (map, model) = (LayeredMap<int, int>.From(start, start.Count), start.ToImmutableDictionary());
        var versions = new List<(LayeredMap<int, int> Map, ImmutableDictionary<int, int> Model)>();

        for (var round = 0; round < 10; round++)
        {
            // 1,000 changes a round: an overlay of 2,500 (an eighth of the base) merges every few rounds.
            (map, model) = Run(map, model, Enumerable.Range(0, 1000).Select(_ => (random.Next(30_000), random.Next(3) > 0, random.Next())));
            versions.Add((map, model));
        }

        Assert.All(versions, v => AssertSame(v.Model, v.Map));
    }

    [Fact]
    public void Should_return_the_same_map_when_removing_a_key_it_does_not_hold()
    {
        var map = LayeredMap<string, int>.Empty.SetItem("a", 1);

        Assert.Same(map, map.Remove("b"));
        Assert.Throws<KeyNotFoundException>(() => map["b"]);
    }

    [Fact]
    public void Should_let_a_later_duplicate_win_when_built_from_pairs()
    {
        var map = LayeredMap<string, int>.From([KeyValuePair.Create("a", 1), KeyValuePair.Create("a", 2)]);

        Assert.Equal(KeyValuePair.Create("a", 2), Assert.Single(map));
    }
}
