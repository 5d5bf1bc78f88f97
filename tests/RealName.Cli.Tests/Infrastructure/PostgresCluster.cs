using System.Security.Cryptography;
using Npgsql;

namespace RealName.Cli.Tests.Infrastructure;

/// <summary>
/// Node processes on loopback sharing one fresh PostgreSQL database (on the server
/// <c>./test.sh</c> provisions, <c>REALNAME_TEST_POSTGRES</c>), with the same keys. The
/// split-brain resolver waits 10 minutes, so within a test only the operator downs anyone.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string PostgresVariable = "REALNAME_TEST_POSTGRES";

    private readonly string _workFolder = Path.Combine(Path.GetTempPath(), "realname-cli-cluster-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _database = "rn_cli_" + Guid.NewGuid().ToString("N")[..12];
    private readonly Dictionary<string, string> _settings;
    private readonly List<NodeProcess> _nodes = [];

    private PostgresCluster()
    {
        Directory.CreateDirectory(_workFolder);
        _settings = new Dictionary<string, string>
        {
            ["RealName:Persistence:Provider"] = "postgres",
            ["RealName:Persistence:ConnectionString"] = new NpgsqlConnectionStringBuilder(AdminConnectionString()) { Database = _database }.ConnectionString,
            ["RealName:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RealName:IdKeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RealName:DowningStableAfter"] = "00:10:00",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Akka"] = "Warning",
        };
    }

    public static async Task<PostgresCluster> CreateAsync()
    {
        var cluster = new PostgresCluster();
        await using var admin = new NpgsqlConnection(AdminConnectionString());
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {cluster._database}", admin);
        await create.ExecuteNonQueryAsync();
        return cluster;
    }

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

    private static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which provisions a throwaway PostgreSQL server.");

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
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
            // Best effort: the server and its folder are thrown away by ./test.sh anyway.
        }
    }
}
