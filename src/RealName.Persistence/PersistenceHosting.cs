using System.Data.Common;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Npgsql;
using RealName.Persistence.Journal;
using RealName.Persistence.Query;
using RealName.Persistence.Sqlite;

namespace RealName.Persistence;

public static class PersistenceHosting
{
    public const string JournalFile = "journal.db";
    public const string SnapshotFile = "snapshots.db";

    /// <summary>
    /// Akka.Persistence.Sql on PostgreSQL when <paramref name="settings"/> name it, else on two SQLite files in
    /// <paramref name="dataPath"/> (journal and snapshots apart, WAL, busy timeout, deferred transactions, one
    /// batching writer), configured by HOCON and a connection setup because Akka.Persistence.Sql.Hosting is not
    /// available to us.
    /// </summary>
    public static AkkaConfigurationBuilder AddRealNamePersistence(this AkkaConfigurationBuilder builder, PersistenceSettings settings, string dataPath)
    {
        var (config, setup) = settings.IsPostgres ? Postgres(settings.PostgresConnectionString) : Sqlite(dataPath, settings.Synchronous);
        return builder
            .AddSetup(setup)
            .AddHocon(config, HoconAddMode.Prepend);
    }

    /// <summary>
    /// The plugin configuration for a shared PostgreSQL server (a cluster's journal), and the read
    /// journal's connection options (with <see cref="TagAggregateRewrite"/>). The schema is created on
    /// start by the plugin's auto-initialize.
    /// </summary>
    public static (Config Config, Setup Setup) Postgres(string connectionString)
    {
        connectionString = TunedPostgres(connectionString);
        var config = ConfigurationFactory.ParseString(Hocon(connectionString, connectionString, PostgresProviderName, writers: 3, recoveries: PostgresRecoveries))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
        var setup = new MultiDataOptionsSetup();
        setup.AddDataOptions(PersistencePlugins.QueryId,
            new DataOptions().UseConnectionString(PostgresProviderName, connectionString).UseInterceptor(TagAggregateRewrite.Instance));
        return (config, setup);
    }

    /// <summary>
    /// A PostgreSQL connection string of the node (<see cref="PersistenceSettings.PostgresConnectionString"/>) with two
    /// Npgsql settings its many short statements gain from,
    /// unless the operator set them: no <c>DISCARD ALL</c> when a pooled connection is reused (nothing on these
    /// connections sets session state), and each statement prepared on a connection once it has run twice
    /// (<c>Max Auto Prepare=64</c>, <c>Auto Prepare Min Usages=2</c>). Behind PgBouncer in transaction mode
    /// without prepared-statement support, set <c>Max Auto Prepare=0</c> (the journal's writer prepares its
    /// statements in any case). Measured: docs/adr/0008-postgres-journal-write-path.md, addendum.
    /// </summary>
    public static string TunedPostgres(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Given(params string[] keys) => keys.Any(given.ContainsKey);
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Given("No Reset On Close", "NoResetOnClose"))
            tuned.NoResetOnClose = true;
        if (!Given("Max Auto Prepare", "MaxAutoPrepare"))
            tuned.MaxAutoPrepare = 64;
        if (!Given("Auto Prepare Min Usages", "AutoPrepareMinUsages"))
            tuned.AutoPrepareMinUsages = 2;
        return tuned.ConnectionString;
    }

    /// <summary>The plugin configuration and the connection setup for SQLite files in <paramref name="dataPath"/> (also used by tests without Akka.Hosting).</summary>
    public static (Config Config, Setup Setup) Sqlite(string dataPath, string synchronous = SqliteSynchronous.Full)
    {
        var journalPath = Path.Combine(dataPath, JournalFile);
        var snapshotPath = Path.Combine(dataPath, SnapshotFile);
        SqliteJournalConnections.Prepare(journalPath);
        SqliteJournalConnections.Prepare(snapshotPath);
        var journal = SqliteJournalConnections.ConnectionString(journalPath);
        var snapshots = SqliteJournalConnections.ConnectionString(snapshotPath);
        var config = ConfigurationFactory.ParseString(Hocon(journal, snapshots, SqliteJournalConnections.ProviderName, writers: 1, recoveries: SqliteRecoveries))
            .WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration);
        return (config, SqliteJournalConnections.CreateSetup(journal, snapshots, synchronous));
    }

    /// <summary>linq2db's provider name for Npgsql against PostgreSQL 15 and later.</summary>
    public const string PostgresProviderName = "PostgreSQL.15";

    /// <summary>
    /// How many persistent actors may recover at once (Akka's default is 50). Every new session is a
    /// recovery (one read of an empty journal), so with more requests in flight than permits, new
    /// sessions queue for a permit while the disk is idle: at 64 connections, 50 → 256 took new
    /// entities from ≈1,100 to ≈2,100 per second on SQLite, whose readers do not block each other.
    /// </summary>
    public const int SqliteRecoveries = 256;

    /// <summary>On PostgreSQL each recovery holds a pooled connection; stay well under Npgsql's default pool of 100.</summary>
    public const int PostgresRecoveries = 64;

    private static string Hocon(string journal, string snapshots, string provider, int writers, int recoveries) => $$"""
        akka.persistence {
          max-concurrent-recoveries = {{recoveries}}
          journal {
            plugin = "{{PersistencePlugins.JournalId}}"
            sql {
              # The plugin's journal with our batched writes (SQLite, PostgreSQL) and a leaner highest-sequence-number read (see RealNameSqlJournal).
              class = "{{typeof(RealNameSqlJournal).FullName}}, {{typeof(RealNameSqlJournal).Assembly.GetName().Name}}"
              connection-string = "{{Escape(journal)}}"
              provider-name = "{{provider}}"
              table-mapping = default
              auto-initialize = on
              # The plugin's write stage, used only where our JournalWriter is not (a configuration it does not support):
              # SQLite has one writer, so 1 (the rest queue and share the next transaction); PostgreSQL 3.
              parallelism = {{writers}}
              # No replay filter: the journal's unique (persistence_id, sequence_number) refuses a second writer's event at
              # a number already taken, so the interleaved writers the filter repairs cannot be stored, and without it a
              # recovery (one for every new session) does not start an actor of its own.
              replay-filter.mode = off
            }
          }
          snapshot-store {
            plugin = "{{PersistencePlugins.SnapshotStoreId}}"
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
