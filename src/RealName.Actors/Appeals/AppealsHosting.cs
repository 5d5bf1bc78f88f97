using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using RealName.Actors.Identities;

namespace RealName.Actors.Appeals;

/// <summary>Marker key for the appeal desk singleton's proxy in the <see cref="ActorRegistry"/>.</summary>
public sealed class AppealDeskMarker;

public static class AppealsHosting
{
    /// <summary>Hosts the <see cref="AppealDeskActor"/> as a cluster singleton (needs the registry hosted first).</summary>
    public static AkkaConfigurationBuilder AddAppealDesk(this AkkaConfigurationBuilder builder, TimeSpan callTimeout) =>
        builder.WithSingleton<AppealDeskMarker>(
            "appeal-desk",
            (_, registry, resolver) => Props.Create(() => new AppealDeskActor(registry.Get<IdentityRegistryMarker>(), resolver.GetService<TimeProvider>(), callTimeout)),
            new ClusterSingletonOptions { BufferSize = 1000 },
            createProxyToo: true);
}
