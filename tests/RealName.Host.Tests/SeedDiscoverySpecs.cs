using RealName.Host.Configuration;
using RealName.Host.Discovery;
using RealName.Host.Remoting;

namespace RealName.Host.Tests;

/// <summary>When discovered nodes become seed nodes (<see cref="SeedContacts"/>), and which discovery settings refuse the start.</summary>
public sealed class SeedDiscoverySpecs
{
    private static readonly Contact A = new("10.0.0.9", 4053);
    private static readonly Contact B = new("10.0.0.10", 4053);
    private static readonly Contact C = new("10.0.0.10", 253);

    [Fact]
    public void Should_name_seeds_only_once_the_required_nodes_were_found_the_same_in_consecutive_lookups()
    {
        var contacts = new SeedContacts(required: 3, stableLookups: 2);

        Assert.Null(contacts.Observe([A, B]));
        Assert.Null(contacts.Observe([A, B, C]));
        Assert.Null(contacts.Observe([A, C]));
        Assert.Null(contacts.Observe([A, B, C]));
        Assert.NotNull(contacts.Observe([C, B, A]));
    }

    [Fact]
    public void Should_sort_the_seeds_by_host_then_port_whatever_order_the_lookup_answers_in()
    {
        var first = new SeedContacts(required: 3, stableLookups: 1).Observe([A, B, C, A]);
        var second = new SeedContacts(required: 3, stableLookups: 1).Observe([C, A, B]);

        Assert.Equal([C, B, A], first);
        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("dns", false, 1, "must be none, config or kubernetes")]
    [InlineData("config", true, 1, "exclude each other")]
    [InlineData("config", false, 0, "needs RealName:Discovery:Endpoints")]
    public void Should_refuse_to_start_with_discovery_settings_that_cannot_find_seeds(string mode, bool seeds, int endpoints, string refusal)
    {
        var settings = new DiscoverySettings { Mode = mode, Endpoints = Enumerable.Repeat("127.0.0.1:4053", endpoints).ToArray() };

        var refused = Assert.Throws<StartRefusedException>(() => settings.Validate(seeds ? ["akka.tcp://realname@127.0.0.1:4053"] : []));

        Assert.Contains(refusal, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_production_with_discovery_and_without_remoting_tls()
    {
        var options = new RealNameOptions { Profile = "production", Discovery = { Mode = "kubernetes" } };

        var refused = Assert.Throws<StartRefusedException>(() => ProductionGuard.Check(options));

        Assert.Contains("RealName:Discovery is set", refused.Message, StringComparison.Ordinal);
        Assert.Null(RemotingTlsRule.Problem(new RealNameOptions { Discovery = { Mode = "kubernetes" }, Remoting = { Tls = { Enabled = true } } }));
    }
}
