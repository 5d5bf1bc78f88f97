using System.CommandLine;
using System.Text.Json.Serialization.Metadata;
using RealName.Cli.Commands;
using RealName.Contracts;
using RealName.Contracts.Admin;
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
        regions.SetAction((parse, ct) => session.ShowAsync(parse, "admin/sharding/regions", ContractJsonContext.Default.ShardRegionsDto, r => ShowRegions(session, r), ct));
        sharding.Subcommands.Add(regions);

        sharding.Subcommands.Add(OnRegion(session, "region-stats", "Shards and entities per node, across the cluster.", "region-stats", ContractJsonContext.Default.RegionStatsDto, ShowRegionStats));
        sharding.Subcommands.Add(OnRegion(session, "shard-stats", "The shards hosted by this node and their entities.", "shard-stats", ContractJsonContext.Default.ShardStatsDto, ShowShardStats));
        sharding.Subcommands.Add(OnRegion(session, "fetch", "The entity ids of each shard this node hosts.", "entities", ContractJsonContext.Default.RegionEntitiesDto, ShowEntities));
        return sharding;
    }

    /// <summary>A command on one region (<c>-r/--region</c>, default <see cref="DefaultRegion"/>): GETs its <c>/admin/sharding/{region}/{path}</c>.</summary>
    private static Command OnRegion<T>(CliSession session, string name, string description, string path, JsonTypeInfo<T> answer, Action<CliSession, T> render)
    {
        var region = new Option<string>("--region", "-r")
        {
            Description = $"The shard region (type name); default {DefaultRegion}.",
            DefaultValueFactory = _ => DefaultRegion,
        };
        var command = new Command(name, description) { region };
        command.SetAction((parse, ct) => session.ShowAsync(parse, $"admin/sharding/{Uri.EscapeDataString(parse.GetValue(region)!)}/{path}", answer, a => render(session, a), ct));
        return command;
    }

    private static void ShowRegions(CliSession session, ShardRegionsDto answer)
    {
        var table = Render.Table("Region", "Hosted on");
        foreach (var region in answer.Regions)
            table.Row(region.TypeName, string.Join(Environment.NewLine, region.Nodes));
        session.IO.Console.Write(table);
    }

    private static void ShowRegionStats(CliSession session, RegionStatsDto answer)
    {
        session.IO.Console.Line($"Region {answer.TypeName} across the cluster:");
        var table = Render.Table("Node", "Shards", "Entities", "Failed shards");
        foreach (var region in answer.Regions)
            table.Row(region.Address, Render.Number(region.Shards), Render.Number(region.Entities), string.Join(", ", region.FailedShards));
        table.Row("total", Render.Number(answer.Regions.Sum(r => r.Shards)), Render.Number(answer.Regions.Sum(r => r.Entities)), "");
        session.IO.Console.Write(table);
    }

    private static void ShowEntities(CliSession session, RegionEntitiesDto answer)
    {
        session.IO.Console.Line($"Entities of region {answer.TypeName} on {answer.Address}:");
        var table = Render.Table("Shard", "Entity ids");
        foreach (var shard in answer.Shards)
            table.Row(shard.ShardId, string.Join(Environment.NewLine, shard.EntityIds) + (shard.More > 0 ? $"{Environment.NewLine}… {shard.More} more" : ""));
        session.IO.Console.Write(table);
    }

    private static void ShowShardStats(CliSession session, ShardStatsDto answer)
    {
        session.IO.Console.Line($"Shards of region {answer.TypeName} on {answer.Address}:");
        var table = Render.Table("Shard", "Entities");
        foreach (var shard in answer.Shards)
            table.Row(shard.ShardId, Render.Number(shard.Entities));
        table.Row("total", Render.Number(answer.Shards.Sum(s => s.Entities)));
        session.IO.Console.Write(table);
        if (answer.FailedShards.Count > 0)
            session.IO.Console.Line("Failed shards: " + string.Join(", ", answer.FailedShards));
    }
}
