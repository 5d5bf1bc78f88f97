using Akka.Actor;
using Akka.TestKit;
using Microsoft.Extensions.Time.Testing;
using RealName.Actors.Identities;
using RealName.Actors.Providers;
using RealName.Actors.Sessions;
using RealName.Actors.Tests.Infrastructure;

namespace RealName.Actors.Tests.Sessions;

/// <summary>
/// Sessions in a <see cref="SessionBucket"/> of the spec's own, as the region would hold them among others: a fake
/// clock, a registry probe that grants every check and claim, no sweeper unless one is given.
/// </summary>
public abstract class SessionSpec : SqliteActorSpec
{
    protected const string IdNumber = "11010519491231002X";

    protected SessionSpec(ITestOutputHelper output)
        : base(output)
    {
        Registry = CreateTestProbe("registry");
        Registry.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is RegistryProtocol.Check or RegistryProtocol.Claim)
                sender.Tell(new RegistryProtocol.Verdict(null, null));
            return AutoPilot.KeepRunning;
        }));
    }

    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected TestProbe Registry { get; }

    /// <summary>A bucket (any bucket serves any session id: the region's routing picks one).</summary>
    protected IActorRef StartBucket(SessionSettings? settings = null, TimeProvider? clock = null, IActorRef? registry = null, LocalSessions? local = null, IActorRef? sweeper = null)
    {
        var sweeperRef = sweeper ?? ActorRefs.Nobody;
        return Sys.ActorOf(SessionBucket.Props(new SessionDependencies(settings ?? new SessionSettings(), TestProviders.Sandbox(Clock), registry ?? Registry.Ref,
            clock ?? Clock, Secrets.IdKeySecret, Keys, () => sweeperRef, local)));
    }
}
