using Microsoft.Data.Sqlite;
using Npgsql;

namespace RealName.Load.Target;

/// <summary>
/// Counts the events in the node's journal (the plugin's <c>ordering</c> column is a sequence over
/// every event), so a scenario's persisted events per second are measured, not inferred.
/// </summary>
public abstract class JournalProbe
{
    public abstract string Describe { get; }

    public abstract Task<long> HighestOrderingAsync();

    /// <summary>The journal of <paramref name="node"/>: PostgreSQL when given, else <c>journal.db</c> in its data folder, else none.</summary>
    public static JournalProbe? For(TargetNode node, LoadOptions options)
    {
        if (options.JournalPostgres is { } connectionString)
            return new Postgres(connectionString);
        var file = node.DataPath is null ? null : Path.Combine(node.DataPath, "journal.db");
        return file is not null ? new Sqlite(file) : null;
    }

    private sealed class Sqlite(string file) : JournalProbe
    {
        private readonly string _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();

        public override string Describe => "SQLite " + file;

        public override async Task<long> HighestOrderingAsync()
        {
            if (!File.Exists(file))
                return 0;
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private sealed class Postgres(string connectionString) : JournalProbe
    {
        public override string Describe => "PostgreSQL journal";

        public override async Task<long> HighestOrderingAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(ordering), 0) FROM journal";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
