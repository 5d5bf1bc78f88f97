using System.Security.Cryptography;

namespace RealName.Cli.Tests.Infrastructure;

/// <summary>
/// Node processes on loopback sharing one fresh PostgreSQL database (a <see cref="ThrowawayDatabase"/>),
/// with the same keys. The
/// split-brain resolver waits 10 minutes, so within a test only the operator downs anyone.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _workFolder = Path.Combine(Path.GetTempPath(), "realname-cli-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly ThrowawayDatabase _database;
    private readonly Dictionary<string, string> _settings;
    private readonly List<NodeProcess> _nodes = [];

    private PostgresCluster(ThrowawayDatabase database)
    {
        Directory.CreateDirectory(_workFolder);
        _database = database;
        _settings = new Dictionary<string, string>
        {
            ["RealName:Persistence:Provider"] = "postgres",
            ["RealName:Persistence:ConnectionString"] = database.ConnectionString,
            ["RealName:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RealName:IdKeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RealName:DowningStableAfter"] = "00:10:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Akka"] = "Warning",
        };
    }

    public static async Task<PostgresCluster> CreateAsync() => new(await ThrowawayDatabase.CreateAsync("rn_cli_"));

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
        var node = new NodeProcess(name, seeds, _settings, _workFolder);
        _nodes.Add(node);
        node.Start();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
            await node.DisposeAsync();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(_workFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temporary folder.
        }
    }
}
