using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.DependencyInjection;
using Akka.Hosting;

namespace RealName.Actors.Identities;

/// <summary>Marker key for the registry singleton's proxy in the <see cref="ActorRegistry"/>.</summary>
public sealed class IdentityRegistryMarker;

public static class RegistryHosting
{
    /// <summary>
    /// Hosts <see cref="IdentityRegistryActor"/> as a cluster singleton and registers its proxy.
    /// The proxy buffers while the singleton moves; senders retry, since claims are idempotent.
    /// </summary>
    public static AkkaConfigurationBuilder AddIdentityRegistry(this AkkaConfigurationBuilder builder) =>
        builder.WithSingleton<IdentityRegistryMarker>(
            "identity-registry",
            (_, _, resolver) => Props.Create(() => new IdentityRegistryActor(resolver.GetService<TimeProvider>())),
            new ClusterSingletonOptions { BufferSize = 10_000 },
            createProxyToo: true);
}
