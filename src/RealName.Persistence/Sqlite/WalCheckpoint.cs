using Akka.Actor;
using Microsoft.Data.Sqlite;

namespace RealName.Persistence.Sqlite;

/// <summary>
/// Folds the SQLite write-ahead logs of the journal and the snapshot store into their database files
/// and truncates them (<c>PRAGMA wal_checkpoint(TRUNCATE)</c>), so that no older page image stays
/// behind in a <c>-wal</c> file. The erasure runs it after destroying an account's keys.
/// </summary>
/// <remarks>
/// The journal's checkpoint runs on its writer thread, between transactions (<see cref="SqliteJournalWriter.CheckpointAsync"/>),
/// asked through the journal actor; the snapshot store is the plugin's, and SQLite's own locking makes a
/// checkpoint from another connection safe there.
/// </remarks>
public static class WalCheckpoint
{
    /// <summary>Asks the journal actor to checkpoint its WAL; answered with <see cref="Done"/>. Local only.</summary>
    public sealed record Request;

    /// <summary><paramref name="Complete"/>: the whole WAL was folded in and truncated (no reader held it).</summary>
    public sealed record Done(bool Complete);

    /// <summary>Checkpoints the journal (through its actor) and the snapshot store in <paramref name="dataPath"/>; true when both completed.</summary>
    public static async Task<bool> RunAsync(ActorSystem system, string dataPath, TimeSpan timeout, CancellationToken ct)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        var done = await journal.Ask<Done>(new Request(), timeout, ct);
        return done.Complete & CheckpointFile(Path.Combine(dataPath, PersistenceHosting.SnapshotFile));
    }

    /// <summary>Checkpoints the SQLite database at <paramref name="filePath"/> from a connection of its own.</summary>
    public static bool CheckpointFile(string filePath)
    {
        using var connection = new SqliteConnection(SqliteJournalConnections.ConnectionString(filePath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {SqliteConnectionFactory.BusyTimeoutMilliseconds}; PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        return reader.Read() && reader.GetInt64(0) == 0;
    }
}
