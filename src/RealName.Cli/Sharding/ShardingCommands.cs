using System.CommandLine;
using System.Text.Json;
using RealName.Cli.Commands;
using Spectre.Console;

namespace RealName.Cli.Sharding;

/// <summary>pbm's <c>cluster-sharding</c> commands.</summary>
internal static class ShardingCommands
{
    public const string DefaultRegion = "session";

    public static Command Create(CliSession session)
    {
        var sharding = new Command("cluster-sharding", "Shard regions, their nodes, shards and entities.");

        var regions = new Command("regions", "The shard regions of this node's cluster and the nodes that host them.");
        regions.SetAction((parse, ct) => session.ShowAsync(parse, "admin/sharding/regions", r => ShowRegions(session, r), ct));
        sharding.Subcommands.Add(regions);

        var regionStats = new Command("region-stats", "Shards and entities per node, across the cluster.");
        var regionOption = RegionOption();
        regionStats.Options.Add(regionOption);
        regionStats.SetAction((parse, ct) => session.ShowAsync(parse, $"admin/sharding/{Uri.EscapeDataString(parse.GetValue(regionOption)!)}/region-stats",
            s => ShowRegionStats(session, s), ct));
        sharding.Subcommands.Add(regionStats);

        var shardStats = new Command("shard-stats", "The shards hosted by this node and their entities.");
        var shardRegionOption = RegionOption();
        shardStats.Options.Add(shardRegionOption);
        shardStats.SetAction((parse, ct) => session.ShowAsync(parse, $"admin/sharding/{Uri.EscapeDataString(parse.GetValue(shardRegionOption)!)}/shard-stats",
            s => ShowShardStats(session, s), ct));
        sharding.Subcommands.Add(shardStats);
        return sharding;
    }

    private static Option<string> RegionOption() => new("--region", "-r")
    {
        Description = $"The shard region (type name); default {DefaultRegion}.",
        DefaultValueFactory = _ => DefaultRegion,
    };

    private static void ShowRegions(CliSession session, JsonElement answer)
    {
        var table = Render.Table("Region", "Hosted on");
        foreach (var region in answer.Items("regions"))
            table.Row(region.Str("typeName"), string.Join(Environment.NewLine, region.Items("nodes").Select(n => n.GetString())));
        session.IO.Console.Write(table);
    }

    private static void ShowRegionStats(CliSession session, JsonElement answer)
    {
        session.IO.Console.Line($"Region {answer.Str("typeName")} across the cluster:");
        var table = Render.Table("Node", "Shards", "Entities", "Failed shards");
        var shards = 0;
        var entities = 0;
        foreach (var region in answer.Items("regions"))
        {
            table.Row(region.Str("address"), region.Int("shards").ToString(), region.Int("entities").ToString(),
                string.Join(", ", region.Items("failedShards").Select(s => s.GetString())));
            shards += region.Int("shards");
            entities += region.Int("entities");
        }
        table.Row("total", shards.ToString(), entities.ToString(), "");
        session.IO.Console.Write(table);
    }

    private static void ShowShardStats(CliSession session, JsonElement answer)
    {
        session.IO.Console.Line($"Shards of region {answer.Str("typeName")} on {answer.Str("address")}:");
        var table = Render.Table("Shard", "Entities");
        var entities = 0;
        foreach (var shard in answer.Items("shards"))
        {
            table.Row(shard.Str("shardId"), shard.Int("entities").ToString());
            entities += shard.Int("entities");
        }
        table.Row("total", entities.ToString());
        session.IO.Console.Write(table);
        var failed = answer.Items("failedShards").Select(s => s.GetString()).ToList();
        if (failed.Count > 0)
            session.IO.Console.Line("Failed shards: " + string.Join(", ", failed));
    }
}
