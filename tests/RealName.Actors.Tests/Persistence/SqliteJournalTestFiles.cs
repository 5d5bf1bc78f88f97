using System.Globalization;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using RealName.Persistence;
using RealName.Persistence.Sqlite;

namespace RealName.Actors.Tests.Persistence;

/// <summary>
/// A unique temporary folder with a journal file and a separate snapshot file (both prepared for WAL),
/// the Akka.Persistence.Sql HOCON that points at them, and helpers to read the files directly.
/// Deletes the folder on dispose.
/// </summary>
internal sealed class SqliteJournalTestFiles : IDisposable
{
    public SqliteJournalTestFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "realname-sqlite-" + Guid.NewGuid().ToString("N"));
        JournalPath = Path.Combine(Folder, "journal.db");
        SnapshotPath = Path.Combine(Folder, "snapshots.db");
        SqliteJournalConnections.Prepare(JournalPath);
        SqliteJournalConnections.Prepare(SnapshotPath);
        JournalConnectionString = SqliteJournalConnections.ConnectionString(JournalPath);
        SnapshotConnectionString = SqliteJournalConnections.ConnectionString(SnapshotPath);
        Journal = new SqliteConnectionFactory(JournalConnectionString);
        Snapshots = new SqliteConnectionFactory(SnapshotConnectionString);
        Config = ConfigurationFactory.ParseString(Hocon(JournalConnectionString, SnapshotConnectionString));
    }

    public string Folder { get; }

    public string JournalPath { get; }

    public string SnapshotPath { get; }

    public string JournalConnectionString { get; }

    public string SnapshotConnectionString { get; }

    /// <summary>The journal's (and read journal's) connection factory, whose transaction count tests read.</summary>
    public SqliteConnectionFactory Journal { get; }

    public SqliteConnectionFactory Snapshots { get; }

    public Config Config { get; }

    public ActorSystemSetup CreateActorSystemSetup()
    {
        return BootstrapSetup.Create()
            .WithConfig(Config)
            .And(SqliteJournalConnections.CreateSetup(Journal, Snapshots));
    }

    public long CountRows(string path, string table)
    {
        return Scalar<long>(path, $"SELECT COUNT(*) FROM \"{table}\"");
    }

    public bool HasTable(string path, string table)
    {
        return Scalar<long>(path, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'") > 0;
    }

    public string Pragma(string path, string pragma)
    {
        return Scalar<string>(path, $"PRAGMA {pragma}");
    }

    public void Dispose()
    {
        // Pooled handles keep the files open; this folder's pools only (other tests may be using SQLite meanwhile).
        PooledSqlite.Release(Folder);

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing; the folder is uniquely named under the temp path.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static T Scalar<T>(string path, string sql)
    {
        using var connection = new SqliteConnection(SqliteJournalConnections.ConnectionString(path));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The plugin configuration. Triple-quoted HOCON strings need no escaping, so a Windows path's
    /// backslashes survive. <c>class</c> is given because the plugin's reference configuration is only
    /// injected once its extension loads.
    /// </summary>
    private static string Hocon(string journalConnectionString, string snapshotConnectionString)
    {
        return $$""""
            akka {
              loglevel = WARNING
              persistence {
                journal {
                  plugin = "akka.persistence.journal.sql"
                  sql {
                    class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
                    connection-string = """{{journalConnectionString}}"""
                    provider-name = "SQLite.MS"
                    table-mapping = default
                    auto-initialize = on
                    parallelism = 1
                    # Akka's default is 10 s, and it counts the time a write waits in the plugin's queue: on a
                    # busy CI disk the last of 200 queued writes could time out behind the fsyncs before it.
                    # These specs are about what is written and how; latency is the benchmarks' business.
                    circuit-breaker.call-timeout = 60s
                  }
                }
                snapshot-store {
                  plugin = "akka.persistence.snapshot-store.sql"
                  sql {
                    class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
                    connection-string = """{{snapshotConnectionString}}"""
                    provider-name = "SQLite.MS"
                    table-mapping = default
                    auto-initialize = on
                  }
                }
                query.journal.sql {
                  class = "Akka.Persistence.Sql.Query.SqlReadJournalProvider, Akka.Persistence.Sql"
                  write-plugin = "akka.persistence.journal.sql"
                  connection-string = """{{journalConnectionString}}"""
                  provider-name = "SQLite.MS"
                  table-mapping = default
                }
              }
            }
            """";
    }
}
