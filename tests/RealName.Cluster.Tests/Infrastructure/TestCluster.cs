using System.Security.Cryptography;
using Npgsql;

namespace RealName.Cluster.Tests.Infrastructure;

/// <summary>
/// N RealName node processes on loopback sharing one freshly created PostgreSQL database (from
/// the server <c>./test.sh</c> provisions), with the same keys and fast downing for tests.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    public const string PostgresVariable = "REALNAME_TEST_POSTGRES";
    private readonly string _workFolder = Path.Combine(Path.GetTempPath(), "realname-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _database = "rn_" + Guid.NewGuid().ToString("N")[..12];

    private TestCluster(int size)
    {
        Directory.CreateDirectory(_workFolder);
        var admin = AdminConnectionString();
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = _database }.ConnectionString;
        var ports = Enumerable.Range(0, size).Select(_ => (Http: NodeProcess.FreePort(), Remoting: NodeProcess.FreePort())).ToList();
        var seeds = ports.Select(p => $"akka.tcp://realname@127.0.0.1:{p.Remoting}").ToList();
        var settings = new Dictionary<string, string>
        {
            ["RealName:Persistence:Provider"] = "postgres",
            ["RealName:Persistence:ConnectionString"] = ConnectionString,
            ["RealName:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RealName:IdKeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RealName:DowningStableAfter"] = "00:00:03",
            ["RealName:Sessions:ClaimRetryInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Akka"] = "Warning",
            // Hundreds of flows from one loopback address; the rate limits have their own specs (RealName.Abuse.Tests).
            ["RealName:RateLimits:Enabled"] = "false",
        };
        Nodes = ports.Select((p, i) => new NodeProcess(((char)('a' + i)).ToString(), seeds, settings, _workFolder, p.Http, p.Remoting)).ToList();
    }

    public IReadOnlyList<NodeProcess> Nodes { get; }
    public string ConnectionString { get; }

    /// <summary>Starts the nodes one after the other (the first forms the cluster, so it is the oldest and hosts the registry singleton).</summary>
    public static async Task<TestCluster> StartAsync(int size)
    {
        var cluster = new TestCluster(size);
        await using (var admin = new NpgsqlConnection(AdminConnectionString()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {cluster._database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        foreach (var node in cluster.Nodes)
            await cluster.StartNodeAsync(node);
        return cluster;
    }

    public async Task StartNodeAsync(NodeProcess node)
    {
        node.Start();
        await node.WaitReadyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>The node's view of member count, via readiness plus the seed list; good enough to wait for convergence.</summary>
    public NodeProcess Any(params NodeProcess[] except) => Nodes.First(n => n.IsRunning && !except.Contains(n));

    private static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which provisions a throwaway PostgreSQL server.");

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
            await node.DisposeAsync();
        try
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(AdminConnectionString());
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            Directory.Delete(_workFolder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or NpgsqlException)
        {
            // Best effort: the server and folder are thrown away by ./test.sh anyway.
        }
    }
}
