using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using RealName.Actors.Idempotency;

namespace RealName.Actors.Tests.Buckets;

/// <summary>The idempotency region as the node hosts it (<see cref="IdempotencyHosting.AddIdempotencyKeys"/>), on a one-member cluster.</summary>
public sealed class KeyBucketHostingSpecs
{
    [Fact]
    public async Task Should_keep_a_quiet_buckets_records_past_shardings_idle_passivation()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.UtcNow));
        builder.Services.AddAkka("buckets", akka => akka
            .WithRemoting("127.0.0.1", 0)
            .WithClustering()
            // Sharding stops an entity quiet this long (120 s by default); the buckets must opt out.
            .AddHocon("akka.cluster.sharding.passivate-idle-entity-after = 1s\nakka.loglevel = WARNING", HoconAddMode.Prepend)
            .AddIdempotencyKeys()
            .AddStartup((system, _) => Cluster.Get(system).Join(Cluster.Get(system).SelfAddress)));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var region = host.Services.GetRequiredService<IRequiredActor<IdempotencyMarker>>().ActorRef;
            var key = "idem.0123456789abcdef0123456789abcdef";
            Assert.Equal("Fresh", (await region.Ask<IdempotencyProtocol.Started>(new IdempotencyProtocol.Start(key, "h", 60_000), TimeSpan.FromSeconds(30))).Outcome);

            await Task.Delay(TimeSpan.FromSeconds(3)); // quiet for longer than the idle timeout: what this spec is about, not synchronisation

            var again = await region.Ask<IdempotencyProtocol.Started>(new IdempotencyProtocol.Start(key, "h", 60_000), TimeSpan.FromSeconds(30));
            Assert.Equal("InProgress", again.Outcome);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
