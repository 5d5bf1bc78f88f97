using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace RealName.Load.Baselines;

/// <summary>
/// What the disk can take: raw inserts into a SQLite file in the given folder (the node's data
/// folder, so the same disk), WAL and the same <c>synchronous</c> mode as the journal, rows about
/// the size of a journal row (an encrypted event is ~300 bytes), a fixed number per commit. The
/// journal's events per second are reported as a ratio to this.
/// </summary>
public static class SqliteInsertBaseline
{
    public const int RowsPerCommit = 100;

    public static async Task<double> RowsPerSecondAsync(string folder, int rowsPerCommit, TimeSpan duration, string synchronous = "FULL")
    {
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"baseline-{Guid.NewGuid():N}.db");
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
            await connection.OpenAsync();
            await Exec(connection, $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {synchronous};" +
                " CREATE TABLE rows (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_number INTEGER NOT NULL, message BLOB NOT NULL, UNIQUE (persistence_id, sequence_number));");
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO rows (persistence_id, sequence_number, message) VALUES ($pid, $seq, $message)";
            var pid = insert.Parameters.Add("$pid", SqliteType.Text);
            var seq = insert.Parameters.Add("$seq", SqliteType.Integer);
            insert.Parameters.AddWithValue("$message", new byte[300]);
            long rows = 0;
            var started = Stopwatch.GetTimestamp();
            while (Stopwatch.GetElapsedTime(started) < duration)
            {
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                insert.Transaction = transaction;
                for (var i = 0; i < rowsPerCommit; i++, rows++)
                {
                    pid.Value = "baseline-" + rows;
                    seq.Value = 1;
                    await insert.ExecuteNonQueryAsync();
                }
                await transaction.CommitAsync();
            }
            return rows / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(file + suffix);
        }
    }

    private static async Task Exec(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
