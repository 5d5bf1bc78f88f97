using Akka.Cluster.Sharding;
using Akka.Util;

namespace RealName.Actors.Sessions;

/// <summary>
/// Routes <see cref="SessionProtocol.ISessionMessage"/>s to their <see cref="SessionBucket"/>: the entity is the bucket
/// a hash of the session id names (the same on every node), the shard a hash of the bucket.
/// </summary>
public sealed class SessionMessageExtractor(int maxNumberOfShards, int buckets) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public override string? EntityId(object message) => message switch
    {
        SessionProtocol.ISessionMessage m => BucketOf(m.SessionId, buckets),
        SessionProtocol.ForgetAccountInBucket f => f.Bucket,
        _ => null,
    };

    /// <summary>The bucket that holds <paramref name="sessionId"/>, as an entity id.</summary>
    public static string BucketOf(string sessionId, int buckets) =>
        ((uint)MurmurHash.StringHash(sessionId) % (uint)buckets).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
