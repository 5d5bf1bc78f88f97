using Akka.Cluster.Sharding;

namespace RealName.Actors.Sessions;

/// <summary>Routes <see cref="SessionProtocol.ISessionMessage"/>s to their entity by session id.</summary>
public sealed class SessionMessageExtractor(int maxNumberOfShards) : HashCodeMessageExtractor(maxNumberOfShards)
{
    public override string? EntityId(object message) => (message as SessionProtocol.ISessionMessage)?.SessionId;
}
