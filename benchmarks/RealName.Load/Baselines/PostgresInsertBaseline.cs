using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace RealName.Load.Baselines;

/// <summary>
/// What the PostgreSQL server can take: raw inserts into a table of its own in the given database,
/// rows about the size of a journal row, a fixed number per commit, sent as one batch (one round trip)
/// per transaction. The PostgreSQL journal's events per second are reported as a ratio to this.
/// </summary>
public static class PostgresInsertBaseline
{
    public static async Task<double> RowsPerSecondAsync(string connectionString, int rowsPerCommit, TimeSpan duration)
    {
        var table = "baseline_" + Guid.NewGuid().ToString("N")[..10];
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await Exec(connection, $"CREATE TABLE {table} (ordering bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, persistence_id text NOT NULL, sequence_number bigint NOT NULL, message bytea NOT NULL, UNIQUE (persistence_id, sequence_number))");
        try
        {
            var message = new byte[300];
            long rows = 0;
            var started = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                await using var batch = new NpgsqlBatch(connection, transaction);
                for (var i = 0; i < rowsPerCommit; i++, rows++)
                {
                    var insert = new NpgsqlBatchCommand($"INSERT INTO {table} (persistence_id, sequence_number, message) VALUES ($1, 1, $2)");
                    insert.Parameters.Add(new NpgsqlParameter { Value = "baseline-" + rows, NpgsqlDbType = NpgsqlDbType.Text });
                    insert.Parameters.Add(new NpgsqlParameter { Value = message, NpgsqlDbType = NpgsqlDbType.Bytea });
                    batch.BatchCommands.Add(insert);
                }
                await batch.ExecuteNonQueryAsync();
                await transaction.CommitAsync();
            }
            return rows / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            await Exec(connection, $"DROP TABLE {table}");
        }
    }

    private static async Task Exec(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
