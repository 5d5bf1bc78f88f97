using Npgsql;

namespace RealName.Testing;

/// <summary>
/// A fresh PostgreSQL database on the tests' server (the one <c>./test.sh</c> provisions,
/// <c>REALNAME_TEST_POSTGRES</c>), dropped with its connections on dispose.
/// </summary>
public sealed class ScratchDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "REALNAME_TEST_POSTGRES";

    private readonly string _name;

    private ScratchDatabase(string name) =>
        (_name, ConnectionString) = (name, new NpgsqlConnectionStringBuilder(AdminConnectionString()) { Database = name }.ConnectionString);

    public string ConnectionString { get; }

    /// <summary>Creates a database named <paramref name="prefix"/> and a random suffix.</summary>
    public static async Task<ScratchDatabase> CreateAsync(string prefix)
    {
        var database = new ScratchDatabase(prefix + Guid.NewGuid().ToString("N")[..12]);
        await ExecuteAsync($"CREATE DATABASE {database._name}");
        return database;
    }

    /// <summary>Drops the database; best effort, since <c>./test.sh</c> throws the server away anyway.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // The server may already be gone.
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException($"{PostgresVariable} is not set: run the tests with ./test.sh, which provisions a throwaway PostgreSQL server.");
}
