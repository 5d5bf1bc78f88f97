namespace RealName.Cli.Tests.Infrastructure;

/// <summary>
/// Node processes on loopback sharing one fresh PostgreSQL database and the same keys, started one by
/// one as a spec needs them. The split-brain resolver waits 10 minutes, so within a test only the
/// operator downs anyone.
/// </summary>
public sealed class PostgresCluster : PostgresNodes
{
    private readonly List<NodeProcess> _nodes = [];

    private PostgresCluster(ScratchDatabase database)
        : base(database, "realname-cli-cluster-") => SharedSettings["RealName:DowningStableAfter"] = "00:10:00";

    protected override IEnumerable<NodeProcess> Processes => _nodes;

    public static async Task<PostgresCluster> CreateAsync() => new(await ScratchDatabase.CreateAsync("rn_cli_"));

    /// <summary>Starts a node that joins <paramref name="seeds"/> (none: it forms a cluster of its own) and waits until it is ready.</summary>
    public async Task<NodeProcess> StartNodeAsync(string name, params string[] seeds)
    {
        var node = AddNode(name, seeds);
        await node.WaitForAsync("/readyz", admin: false, TimeSpan.FromSeconds(90));
        return node;
    }

    /// <summary>Starts a node whose only seed never answers: it runs, but is no member until told to join.</summary>
    public async Task<NodeProcess> StartLoneNodeAsync(string name)
    {
        var node = AddNode(name, [$"akka.tcp://realname@127.0.0.1:{NodeProcess.FreePort()}"]);
        await node.WaitForAsync("/healthz", admin: true, TimeSpan.FromSeconds(90));
        return node;
    }

    private NodeProcess AddNode(string name, string[] seeds)
    {
        var node = new NodeProcess(name, seeds, SharedSettings, WorkFolder);
        _nodes.Add(node);
        node.Start();
        return node;
    }
}
