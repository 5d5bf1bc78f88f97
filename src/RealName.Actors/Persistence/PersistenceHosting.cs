using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting;

namespace RealName.Actors.Persistence;

public static class PersistenceHosting
{
    public const string JournalFile = "journal.db";
    public const string SnapshotFile = "snapshots.db";

    /// <summary>
    /// Akka.Persistence.Sql on two SQLite files in <paramref name="dataPath"/> (journal and
    /// snapshots apart, WAL, busy timeout, deferred transactions, one writer), configured by
    /// HOCON because Akka.Persistence.Sql.Hosting is not available to us.
    /// </summary>
    public static AkkaConfigurationBuilder AddRealNamePersistence(this AkkaConfigurationBuilder builder, string dataPath)
    {
        var (config, setup) = Sqlite(dataPath);
        return builder
            .AddSetup(setup)
            .AddHocon(config, HoconAddMode.Prepend)
            .AddHocon(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration, HoconAddMode.Append);
    }

    /// <summary>The plugin configuration and the connection setup for SQLite files in <paramref name="dataPath"/> (also used by tests without Akka.Hosting).</summary>
    public static (Config Config, Setup Setup) Sqlite(string dataPath)
    {
        var journalPath = Path.Combine(dataPath, JournalFile);
        var snapshotPath = Path.Combine(dataPath, SnapshotFile);
        SqliteJournalConnections.Prepare(journalPath);
        SqliteJournalConnections.Prepare(snapshotPath);
        var journal = SqliteJournalConnections.ConnectionString(journalPath);
        var snapshots = SqliteJournalConnections.ConnectionString(snapshotPath);
        var config = ConfigurationFactory.ParseString(Hocon(journal, snapshots, SqliteJournalConnections.ProviderName))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
        return (config, SqliteJournalConnections.CreateSetup(journal, snapshots));
    }

    private static string Hocon(string journal, string snapshots, string provider) => $$"""
        akka.persistence {
          journal {
            plugin = "akka.persistence.journal.sql"
            sql {
              connection-string = "{{Escape(journal)}}"
              provider-name = "{{provider}}"
              table-mapping = default
              auto-initialize = on
              # SQLite has one writer: with one write in flight the rest queue and share the next transaction.
              parallelism = 1
            }
          }
          snapshot-store {
            plugin = "akka.persistence.snapshot-store.sql"
            sql {
              connection-string = "{{Escape(snapshots)}}"
              provider-name = "{{provider}}"
              table-mapping = default
              auto-initialize = on
            }
          }
          query.journal.sql {
            connection-string = "{{Escape(journal)}}"
            provider-name = "{{provider}}"
            table-mapping = default
            refresh-interval = 1s
          }
        }
        """;

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
