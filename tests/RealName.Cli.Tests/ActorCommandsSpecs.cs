using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary><c>actor hierarchy</c> against one real node.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class ActorCommandsSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_print_the_user_and_system_trees_with_the_singletons_and_sharding()
    {
        // Discovery waits for answers; on a busy machine a late one may miss a run, so ask again until the deadline.
        await Eventually.AwaitAssertAsync(async () =>
        {
            var result = (await node.CliAsync("actor", "hierarchy", "-d", "3")).AssertSucceeded();

            Assert.Contains("/user", result.Output);
            Assert.Contains("/system", result.Output);
            Assert.Contains("identity-registry", result.Output);
            Assert.Contains("session-sweeper", result.Output);
            Assert.Contains("sharding", result.Output);
            Assert.Contains("sessionCoordinator", result.Output); // level 3: /system/sharding/sessionCoordinator
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Should_stop_at_the_requested_depth()
    {
        var hierarchy = Json.Parse(await node.CliAsync("actor", "hierarchy", "--depth", "1", "--json"));

        Assert.Equal(1, hierarchy.GetProperty("depth").GetInt32());
        Assert.Equal(["/user", "/system"], hierarchy.GetProperty("roots").EnumerateArray().Select(r => r.Str("path")));
        Assert.All(hierarchy.GetProperty("roots").EnumerateArray(), r => Assert.Equal(0, r.GetProperty("children").GetArrayLength()));
    }

    [Fact]
    public async Task Should_refuse_a_depth_outside_one_to_eight()
    {
        (await node.CliAsync("actor", "hierarchy", "-d", "0")).AssertFailed(2, "--depth must be between 1 and 8");
        (await node.CliAsync("actor", "hierarchy", "-d", "9")).AssertFailed(2, "--depth must be between 1 and 8");
    }
}
