using System.CommandLine;
using RealName.Cli.Commands;
using RealName.Cli.Connection;
using RealName.Contracts;
using RealName.Contracts.Admin;
using Spectre.Console;

namespace RealName.Cli.Cluster;

/// <summary>pbm's <c>cluster</c> commands, as the connected node sees the cluster.</summary>
internal static class ClusterCommands
{
    public static Command Create(CliSession session)
    {
        var cluster = new Command("cluster", "Cluster membership as this node sees it, and the operator's levers.");

        var show = new Command("show", "List the members: address, status, roles, reachability, leader, oldest.");
        show.SetAction((parse, ct) => session.ShowAsync(parse, "admin/cluster/members", ContractJsonContext.Default.ClusterMembersDto, m => ShowMembers(session, m), ct));

        var status = new Command("status", "This node's own status, the leader and the member counts.");
        status.SetAction((parse, ct) => session.ShowAsync(parse, "admin/cluster/status", ContractJsonContext.Default.ClusterStatusDto, s => ShowStatus(session, s), ct));

        var leader = new Command("leader", "The cluster leader's address.");
        leader.SetAction((parse, ct) => session.ShowAsync(parse, "admin/cluster/leader", ContractJsonContext.Default.ClusterLeaderDto,
            l => session.IO.Console.Line((l.Leader ?? Render.None) + (l.IsLeader ? " (this node)" : "")), ct));

        cluster.Subcommands.Add(show);
        cluster.Subcommands.Add(status);
        cluster.Subcommands.Add(leader);
        cluster.Subcommands.Add(OnAddress(session, "leave", "Make a member leave gracefully (hand-off of its shards and singletons, then removal)."));
        cluster.Subcommands.Add(OnAddress(session, "down", "Mark a member down: removed without hand-off (for a crashed node)."));
        cluster.Subcommands.Add(OnAddress(session, "join", "Make this node join the cluster at the address (a node that is not a member yet)."));

        var downUnreachable = new Command("down-unreachable", "Mark every unreachable member down.");
        downUnreachable.SetAction((parse, ct) => session.PostAsync(parse, "admin/cluster/down-unreachable", ContractJsonContext.Default.ClusterActionDto, a => ShowAction(session, a), ct));
        cluster.Subcommands.Add(downUnreachable);

        var tail = new Command("tail", "Stream member, reachability and leader events until Ctrl-C.");
        tail.SetAction((parse, ct) => TailAsync(session, parse, ct));
        cluster.Subcommands.Add(tail);
        return cluster;
    }

    /// <summary>A command on one member, named as an argument or, as in pbm, with <c>-a/--address</c>.</summary>
    private static Command OnAddress(CliSession session, string name, string description)
    {
        const string example = "The member's Akka address, e.g. akka.tcp://realname@127.0.0.1:4053 (see `cluster show`).";
        var address = new Argument<string?>("address") { Description = example, Arity = ArgumentArity.ZeroOrOne };
        var addressOption = new Option<string?>("--address", "-a") { Description = example + " Same as the argument (pbm's spelling)." };
        var command = new Command(name, description) { address, addressOption };
        command.Validators.Add(result =>
        {
            var given = (result.GetValue(address) is not null ? 1 : 0) + (result.GetValue(addressOption) is not null ? 1 : 0);
            if (given != 1)
                result.AddError($"'{name}' takes one address: as an argument or with -a/--address.");
        });
        command.SetAction((parse, ct) => session.PostAsync(parse, "admin/cluster/" + name,
            new AddressRequest(parse.GetValue(address) ?? parse.GetValue(addressOption)), ContractJsonContext.Default.AddressRequest, ContractJsonContext.Default.ClusterActionDto, a => ShowAction(session, a), ct));
        return command;
    }

    private static void ShowMembers(CliSession session, ClusterMembersDto members)
    {
        var table = Render.Table("Address", "Status", "Roles", "Reachable", "Leader", "Oldest");
        foreach (var m in members.Members)
        {
            var address = m.Address + (m.Self ? " (this node)" : "");
            table.Row(address, m.Status, string.Join(", ", m.Roles), m.Reachable ? "yes" : "NO", m.Leader ? "yes" : "", m.Oldest ? "yes" : "");
        }
        session.IO.Console.Write(table);
    }

    private static void ShowStatus(CliSession session, ClusterStatusDto status)
    {
        var u = status.Uptime;
        session.IO.Console.Write(Render.Fields(
            ("Address", status.Address),
            ("Status", status.Status),
            ("Roles", string.Join(", ", status.Roles)),
            ("Leader", (status.Leader ?? Render.None) + (status.IsLeader ? " (this node)" : "")),
            ("Members", $"{status.Members} ({status.Up} up, {status.Unreachable} unreachable)"),
            ("Uptime", $"{(int)u.TotalHours}h {u.Minutes}m {u.Seconds}s")));
    }

    private static void ShowAction(CliSession session, ClusterActionDto action) => session.IO.Console.Line(action.Message);

    private static async Task<int> TailAsync(CliSession session, ParseResult parse, CancellationToken ct)
    {
        var json = parse.GetValue(session.Json);
        if (!json)
            session.IO.Console.Line($"Following cluster events of {session.Client.Node.Authority}; Ctrl-C to stop.");
        try
        {
            await session.Client.StreamAsync("admin/cluster/tail", e =>
            {
                if (json)
                    session.WriteJson(e, indented: false);
                else
                {
                    var change = session.Read(e, ContractJsonContext.Default.ClusterEventDto);
                    session.IO.Out.WriteLine($"{Render.Time(change.At)}  {change.Event,-18} {change.Address ?? Render.None}  {change.Status}".TrimEnd());
                }
                return session.IO.Out.FlushAsync(ct);
            }, ct);
            return CliSession.Ok;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return CliSession.Ok; // Ctrl-C is how a tail ends
        }
        catch (AdminException ex)
        {
            return session.Fail(ex.Message);
        }
    }
}
