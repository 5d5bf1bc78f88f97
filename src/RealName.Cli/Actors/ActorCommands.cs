using System.CommandLine;
using System.Globalization;
using RealName.Cli.Commands;
using RealName.Contracts;
using RealName.Contracts.Admin;
using Spectre.Console;

namespace RealName.Cli.Actors;

/// <summary>pbm's <c>actor hierarchy</c>: the connected node's actors under /user and /system.</summary>
internal static class ActorCommands
{
    public const int DefaultDepth = 3;

    public static Command Create(CliSession session)
    {
        var actor = new Command("actor", "The actors of the connected node.");
        var depth = new Option<int>("--depth", "-d")
        {
            Description = "Levels below the root to show (1–8; /user and /system are level 1).",
            DefaultValueFactory = _ => DefaultDepth,
        };
        depth.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 8)
                result.AddError("--depth must be between 1 and 8.");
        });
        var hierarchy = new Command("hierarchy", "Print the actor tree (children past 50 per actor are counted, not listed).") { depth };
        hierarchy.SetAction((parse, ct) => session.ShowAsync(parse,
            "admin/actors?depth=" + parse.GetValue(depth).ToString(CultureInfo.InvariantCulture), ContractJsonContext.Default.ActorHierarchyDto, h => Show(session, h), ct));
        actor.Subcommands.Add(hierarchy);
        return actor;
    }

    private static void Show(CliSession session, ActorHierarchyDto hierarchy)
    {
        var tree = new Tree(Render.Cell(hierarchy.Address));
        foreach (var root in hierarchy.Roots)
            Add(tree.AddNode(Render.Cell(root.Path)), root);
        session.IO.Console.Write(tree);
    }

    private static void Add(TreeNode node, ActorNodeDto actor)
    {
        foreach (var child in actor.Children)
            Add(node.AddNode(Render.Cell(child.Name)), child);
        if (actor.More > 0)
            node.AddNode(Render.Cell($"… {actor.More} more"));
    }
}
