namespace RealName.Testing;

/// <summary>
/// N RealName node processes on loopback sharing one freshly created PostgreSQL database (from
/// the server <c>./test.sh</c> provisions), with the same keys and the default fail-over timings;
/// the rate limits are off unless a node's own settings turn them on (the cluster budget specs).
/// </summary>
public sealed class TestCluster : PostgresNodes
{
    private TestCluster(ScratchDatabase database, int size, Func<string, IReadOnlyDictionary<string, string>>? nodeSettings = null, string scheme = "akka.tcp", bool discovery = false)
        : base(database, "realname-cluster-")
    {
        var ports = Enumerable.Range(0, size).Select(_ => (Http: NodeProcess.FreePort(), Remoting: NodeProcess.FreePort())).ToList();
        var seeds = ports.Select(p => $"{scheme}://realname@127.0.0.1:{p.Remoting}").ToList();
        Seeds = seeds;
        // Downing, removal margin and claim retries keep their defaults: the failure table reports what they give.
        var settings = SharedSettings;
        // Hundreds of flows from one loopback address; the rate limits have their own specs (RealName.Abuse.Tests).
        settings["RealName:RateLimits:Enabled"] = "false";
        if (discovery)
        {
            // No seed nodes: every node finds the others through config discovery (their remoting addresses).
            settings["RealName:Discovery:Mode"] = "config";
            settings["RealName:Discovery:RequiredContacts"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < size; i++)
                settings[$"RealName:Discovery:Endpoints:{i}"] = $"127.0.0.1:{ports[i].Remoting}";
        }
        Settings = settings;
        Nodes = ports.Select((p, i) => ((char)('a' + i)).ToString())
            .Select((name, i) => new NodeProcess(name, discovery ? [] : seeds, WithNode(settings, nodeSettings?.Invoke(name)), WorkFolder, ports[i].Http, ports[i].Remoting))
            .ToList();
    }

    /// <summary>
    /// Nodes given no seed nodes that find each other through config discovery: all started at once
    /// (each waits until the lookup finds them all), then each awaited until ready.
    /// </summary>
    public static async Task<TestCluster> StartWithDiscoveryAsync(int size)
    {
        var cluster = new TestCluster(await ScratchDatabase.CreateAsync("rn_"), size, discovery: true);
        try
        {
            foreach (var node in cluster.Nodes)
                node.Start();
            foreach (var node in cluster.Nodes)
                await node.WaitReadyAsync(TimeSpan.FromSeconds(120));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>The seed addresses every node was given.</summary>
    public IReadOnlyList<string> Seeds { get; }

    /// <summary>The settings every node shares (database, keys, timings).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    private static Dictionary<string, string> WithNode(Dictionary<string, string> shared, IReadOnlyDictionary<string, string>? node)
    {
        var all = new Dictionary<string, string>(shared);
        foreach (var (key, value) in node ?? new Dictionary<string, string>())
            all[key] = value;
        return all;
    }

    public IReadOnlyList<NodeProcess> Nodes { get; }

    protected override IEnumerable<NodeProcess> Processes => Nodes;

    /// <summary>Starts the nodes one after the other (the first forms the cluster, so it is the oldest and hosts the registry singleton).</summary>
    public static async Task<TestCluster> StartAsync(int size) => await StartAsync(new TestCluster(await ScratchDatabase.CreateAsync("rn_"), size));

    /// <summary>As <see cref="StartAsync(int)"/>, each node with settings of its own (by name: a, b, …) and seeds of the given scheme.</summary>
    public static async Task<TestCluster> StartAsync(int size, Func<string, IReadOnlyDictionary<string, string>> nodeSettings, string scheme = "akka.tcp") =>
        await StartAsync(new TestCluster(await ScratchDatabase.CreateAsync("rn_"), size, nodeSettings, scheme));

    private static async Task<TestCluster> StartAsync(TestCluster cluster)
    {
        try
        {
            foreach (var node in cluster.Nodes)
                await cluster.StartNodeAsync(node);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    public async Task StartNodeAsync(NodeProcess node)
    {
        node.Start();
        await node.WaitReadyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>The node's view of member count, via readiness plus the seed list; good enough to wait for convergence.</summary>
    public NodeProcess Any(params NodeProcess[] except) => Nodes.First(n => n.IsRunning && !except.Contains(n));
}
