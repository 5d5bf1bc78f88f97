using System.Net;
using System.Text.Json;
using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary><c>/readyz</c> of a node that cannot reach its journal (a node that has not joined: <see cref="TwoNodeClusterSpecs"/>).</summary>
public sealed class ReadinessSpecs
{
    [Fact]
    public async Task Should_not_be_ready_while_the_journal_is_unreachable()
    {
        // PostgreSQL on a port where nothing listens: the node starts and forms its cluster, but every journal read fails.
        await using var node = await SingleNode.StartAsync(new Dictionary<string, string?>
        {
            ["RealName:Persistence:Provider"] = "postgres",
            ["RealName:Persistence:ConnectionString"] = $"Host=127.0.0.1;Port={NodeProcess.FreePort()};Username=nobody;Database=nothing;Timeout=1",
        }, waitUntilReady: false);

        await Eventually.AwaitAssertAsync(async () =>
        {
            using var response = await node.Client.GetAsync("/readyz");
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var checks = body.RootElement.GetProperty("checks");
            Assert.Equal("Up", checks.GetProperty("member").GetString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("not_ready", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("unreachable", checks.GetProperty("journal").GetString());
        }, TimeSpan.FromSeconds(60));
        using var healthz = await node.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }
}
