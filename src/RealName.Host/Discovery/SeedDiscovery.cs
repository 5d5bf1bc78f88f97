using System.Text.Json;
using Akka.Actor;
using Akka.Discovery;
using Akka.Discovery.KubernetesApi;
using Akka.Event;
using Akka.Hosting;
using RealName.Host.Configuration;
using RealName.Host.Remoting;
using AkkaCluster = Akka.Cluster.Cluster;

namespace RealName.Host.Discovery;

/// <summary>
/// Seed nodes found through Akka.Discovery instead of listed by hand: the node looks its service up
/// until <see cref="SeedContacts"/> agrees, then joins with the sorted addresses as seed nodes — the
/// lowest forms the cluster (after asking the others whether one exists), the others join it.
/// </summary>
public static class SeedDiscovery
{
    private const string ConfigMethod = "config";
    private const string KubernetesMethod = "kubernetes-api";

    public static AkkaConfigurationBuilder AddRealNameDiscovery(this AkkaConfigurationBuilder akka, RealNameOptions options)
    {
        var settings = options.Discovery;
        if (!settings.Enabled)
            return akka;
        if (settings.IsMode(DiscoverySettings.Kubernetes))
            akka.WithKubernetesDiscovery(kubernetes =>
            {
                kubernetes.PodLabelSelector = settings.PodLabelSelector;
                kubernetes.PodNamespace = settings.PodNamespace;
            });
        else
            akka.AddHocon($$"""
                akka.discovery.config.services.{{JsonSerializer.Serialize(settings.ServiceName)}}.endpoints = {{JsonSerializer.Serialize(settings.Endpoints)}}
                """, HoconAddMode.Prepend);
        var scheme = options.Remoting.Tls.Enabled ? RemotingTls.TlsScheme : RemotingTls.PlainScheme;
        return akka.AddStartup((system, registry) => _ = JoinAsync(system, settings, scheme));
    }

    private static async Task JoinAsync(ActorSystem system, DiscoverySettings settings, string scheme)
    {
        var log = Logging.GetLogger(system, typeof(SeedDiscovery));
        var kubernetes = settings.IsMode(DiscoverySettings.Kubernetes);
        var discovery = global::Akka.Discovery.Discovery.Get(system).LoadServiceDiscovery(kubernetes ? KubernetesMethod : ConfigMethod);
        var lookup = new Lookup(settings.ServiceName, kubernetes ? settings.PortName : null, "tcp");
        var cluster = AkkaCluster.Get(system);
        var contacts = new SeedContacts(settings.RequiredContacts, settings.StableLookups);
        var failing = false;
        while (!system.WhenTerminated.IsCompleted)
        {
            try
            {
                var resolved = await discovery.Lookup(lookup, settings.LookupInterval);
                failing = false;
                // A target without a port (a pod without the named port) is taken to listen where this node does.
                var found = resolved.Addresses.Select(t => new Contact(t.Host, t.Port ?? cluster.SelfAddress.Port ?? 0));
                if (contacts.Observe(found) is { } seeds)
                {
                    var addresses = seeds.Select(c => Address.Parse($"{scheme}{system.Name}@{c.Host}:{c.Port}")).ToList();
                    log.Info("Discovery ({0}) found {1} nodes, the same {2} times; joining with seed nodes {3}",
                        settings.Mode, addresses.Count, settings.StableLookups, string.Join(", ", addresses));
                    cluster.JoinSeedNodes(addresses);
                    return;
                }
            }
            catch (Exception ex) when (!failing)
            {
                failing = true;
                log.Warning("Discovery ({0}) lookup of {1} failed: {2}; retrying every {3}", settings.Mode, settings.ServiceName, ex.Message, settings.LookupInterval);
            }
            catch (Exception)
            {
                // Already reported; the lookup keeps being retried.
            }
            await Task.Delay(settings.LookupInterval);
        }
    }
}
