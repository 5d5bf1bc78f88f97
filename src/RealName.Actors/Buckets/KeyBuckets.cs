using System.Globalization;
using Akka.Cluster.Sharding;
using RealName.Actors.Serialization;

namespace RealName.Actors.Buckets;

/// <summary>A message for one key's record in a bucket region; <see cref="Key"/> is already a keyed hash, never personal data.</summary>
public interface IBucketedMessage : IRealNameMessage
{
    string Key { get; }
}

/// <summary>
/// Which bucket a key belongs to: FNV-1a over the key's characters, modulo the bucket count. Every
/// node and every process must agree (a retry or a spend may reach any node), so this is a fixed
/// function of the key — never <see cref="string.GetHashCode()"/>, which is seeded per process.
/// </summary>
public static class KeyBuckets
{
    public static int Of(string key, int buckets)
    {
        var hash = 2166136261u;
        foreach (var c in key)
            hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)buckets);
    }
}

/// <summary>Routes a <see cref="IBucketedMessage"/> to its key's bucket entity (the bucket's number), and the bucket to a shard.</summary>
public sealed class KeyBucketExtractor(int buckets, int shards) : IMessageExtractor
{
    public string? EntityId(object message) =>
        message is IBucketedMessage keyed ? KeyBuckets.Of(keyed.Key, buckets).ToString(CultureInfo.InvariantCulture) : null;

    public object EntityMessage(object message) => message;

    public string? ShardId(object message) => EntityId(message) is { } entityId ? ShardId(entityId) : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        (int.Parse(entityId, CultureInfo.InvariantCulture) % shards).ToString(CultureInfo.InvariantCulture);
}
