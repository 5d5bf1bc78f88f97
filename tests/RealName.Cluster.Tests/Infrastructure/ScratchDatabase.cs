using Npgsql;

namespace RealName.Cluster.Tests.Infrastructure;

/// <summary>A fresh PostgreSQL database on the test server, dropped (with its connections) on dispose.</summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private ScratchDatabase(string admin, string name, string connectionString) => (_admin, _name, ConnectionString) = (admin, name, connectionString);

    public string ConnectionString { get; }

    public static async Task<ScratchDatabase> CreateAsync(string prefix)
    {
        var admin = Environment.GetEnvironmentVariable(TestCluster.PostgresVariable)
            ?? throw new InvalidOperationException($"{TestCluster.PostgresVariable} is not set: run the tests with ./test.sh.");
        var name = prefix + Guid.NewGuid().ToString("N")[..10];
        await ExecuteAsync(admin, $"CREATE DATABASE {name}");
        return new ScratchDatabase(admin, name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_admin, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
