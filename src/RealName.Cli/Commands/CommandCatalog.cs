using System.CommandLine;
using RealName.Cli.Accounts;
using RealName.Cli.Actors;
using RealName.Cli.Appeals;
using RealName.Cli.Cluster;
using RealName.Cli.Connection;
using RealName.Cli.Log;
using RealName.Cli.Registry;
using RealName.Cli.Sessions;
using RealName.Cli.Sharding;
using RealName.Cli.Sms;
using RealName.Cli.Webhooks;

namespace RealName.Cli.Commands;

/// <summary>
/// The command tree. Each capability contributes one top-level command from its own folder
/// (<c>Create(CliSession)</c>, talking to its <c>/admin/…</c> routes); a new capability adds
/// its module to <see cref="Modules"/> and nothing else changes.
/// </summary>
internal static class CommandCatalog
{
    private static readonly Func<CliSession, Command>[] Modules =
    [
        ClusterCommands.Create,
        ShardingCommands.Create,
        ActorCommands.Create,
        SessionCommands.Create,
        RegistryCommands.Create,
        AppealCommands.Create,
        SmsCommands.Create,
        AccountCommands.Create,
        LogCommands.Create,
        WebhookCommands.Create,
    ];

    private static readonly Lazy<RootCommand> OfflineTree = new(() =>
        Build(new CliSession(new AdminClient(new Uri("http://127.0.0.1/"), ""), CliIO.Captured(TextWriter.Null, TextReader.Null))));

    /// <summary>The tree with a session that never connects: for usage text and recognising command names.</summary>
    public static RootCommand Offline => OfflineTree.Value;

    public static RootCommand Build(CliSession session)
    {
        var root = new RootCommand("RealName's ops command line: the connected node's cluster, shards, actors, sessions and registry.");
        root.Options.Add(session.Json);
        foreach (var module in Modules)
            root.Subcommands.Add(module(session));
        return root;
    }

    /// <summary>Every runnable command as its full name (<c>cluster show</c>) with its description.</summary>
    public static IEnumerable<(string Name, string? Description)> Leaves(Command command, string prefix = "")
    {
        foreach (var sub in command.Subcommands)
        {
            var name = prefix.Length == 0 ? sub.Name : prefix + " " + sub.Name;
            if (sub.Subcommands.Count == 0)
                yield return (name, sub.Description);
            foreach (var leaf in Leaves(sub, name))
                yield return leaf;
        }
    }
}
