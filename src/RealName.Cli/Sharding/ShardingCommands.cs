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

        sharding.Subcommands.Add(OnRegion(session, "region-stats", "Shards and entities per node, across the cluster.", "region-stats", ShowRegionStats));
        sharding.Subcommands.Add(OnRegion(session, "shard-stats", "The shards hosted by this node and their entities.", "shard-stats", ShowShardStats));
        sharding.Subcommands.Add(OnRegion(session, "fetch", "The entity ids of each shard this node hosts.", "entities", ShowEntities));
        return sharding;
    }

    /// <summary>A command on one region (<c>-r/--region</c>, default <see cref="DefaultRegion"/>): GETs its <c>/admin/sharding/{region}/{path}</c>.</summary>
    private static Command OnRegion(CliSession session, string name, string description, string path, Action<CliSession, JsonElement> render)
    {
        var region = new Option<string>("--region", "-r")
        {
            Description = $"The shard region (type name); default {DefaultRegion}.",
            DefaultValueFactory = _ => DefaultRegion,
        };
        var command = new Command(name, description) { region };
        command.SetAction((parse, ct) => session.ShowAsync(parse, $"admin/sharding/{Uri.EscapeDataString(parse.GetValue(region)!)}/{path}", a => render(session, a), ct));
        return command;
    }

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

    private static void ShowEntities(CliSession session, JsonElement answer)
    {
        session.IO.Console.Line($"Entities of region {answer.Str("typeName")} on {answer.Str("address")}:");
        var table = Render.Table("Shard", "Entity ids");
        foreach (var shard in answer.Items("shards"))
        {
            var ids = shard.Items("entityIds").Select(e => e.GetString()).ToList();
            var more = shard.Int("more");
            table.Row(shard.Str("shardId"), string.Join(Environment.NewLine, ids) + (more > 0 ? $"{Environment.NewLine}… {more} more" : ""));
        }
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
