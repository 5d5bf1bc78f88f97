using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using RealName.Actors.Security;
using RealName.Actors.Serialization;
using RealName.Actors.Sessions;

namespace RealName.Actors.Erasure;

/// <summary>Marker key for this node's <see cref="SubjectErasure"/> listener in the <see cref="ActorRegistry"/>.</summary>
public sealed class SubjectErasuresMarker;

/// <summary>
/// One listener per node, subscribed to a distributed pub-sub topic: when an account is erased
/// anywhere in the cluster, this node drops the account's keys from its <see cref="SubjectKeys"/>
/// cache and tells every session bucket living on it to have its sessions forget the account's personal data
/// (each session checks whether it belongs to that account; erasures are rare, sessions cheap to ask).
/// </summary>
public sealed class SubjectErasure : ReceiveActor
{
    public const string Topic = "realname-subject-erasures";

    public SubjectErasure(SubjectKeys keys, IActorRef sessions)
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(Topic, Self));
        Receive<SubscribeAck>(_ => { });
        Receive<SubjectErased>(e =>
        {
            keys.Forget(e.Subject);
            sessions.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(30))
                .PipeTo(Self, success: state => new LiveSessions(e, state));
        });
        Receive<LiveSessions>(live =>
        {
            foreach (var shard in live.State.Shards)
                foreach (var bucket in shard.EntityIds)
                    sessions.Tell(new SessionProtocol.ForgetAccountInBucket(bucket, live.Erased.Subject, live.Erased.At, live.Erased.By));
        });
        Receive<Status.Failure>(_ => { }); // the region did not answer: its sessions forget on passivation (the journal copy is unreadable already)
    }

    /// <summary>Broadcasts an erasure to every node of the cluster, this one included.</summary>
    public static void Publish(ActorSystem system, string subject, DateTimeOffset at, string? by = null) =>
        DistributedPubSub.Get(system).Mediator.Tell(new Publish(Topic, new SubjectErased(subject, at, by)));

    /// <summary>An erasure; <paramref name="By"/> names the operator, recorded by the sessions that forget.</summary>
    public sealed record SubjectErased(string Subject, DateTimeOffset At, string? By = null) : IRealNameMessage;

    private sealed record LiveSessions(SubjectErased Erased, CurrentShardRegionState State);
}

public static class SubjectErasureHosting
{
    /// <summary>Starts this node's erasure listener; needs <see cref="SubjectKeys"/> in DI and the session region hosted first.</summary>
    public static AkkaConfigurationBuilder AddSubjectErasure(this AkkaConfigurationBuilder builder) =>
        builder.WithActors((system, registry, resolver) =>
            registry.Register<SubjectErasuresMarker>(system.ActorOf(
                Props.Create(() => new SubjectErasure(resolver.GetService<SubjectKeys>(), registry.Get<VerificationSessionMarker>())), "subject-erasures")));
}
