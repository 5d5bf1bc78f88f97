using Akka.Actor;
using RealName.Actors.Providers;
using RealName.Actors.Security;

namespace RealName.Actors.Sessions;

/// <summary>
/// What every session of a node shares — settings, providers, the registry, the clock, the HMAC secret,
/// the data keys and the sweeper — held by one reference per session instead of seven (and two
/// <see cref="Props"/> arguments instead of eight): at 100,000 live sessions every field counts.
/// <paramref name="Local"/> is where sessions leave their stored state for the node's status reads; none in specs that do not read it.
/// </summary>
public sealed record SessionDependencies(
    SessionSettings Settings,
    SessionProviders Providers,
    IActorRef Registry,
    TimeProvider Clock,
    byte[] IdKeySecret,
    SubjectKeys Keys,
    Func<IActorRef> Sweeper,
    LocalSessions? Local = null);
