using Npgsql;
using RealName.Persistence;

namespace RealName.Actors.Tests.Persistence;

/// <summary>The journal's PostgreSQL connection string: Npgsql defaults for short statements, never over what the operator set.</summary>
public sealed class PostgresConnectionTuningSpecs
{
    private const string Server = "Host=db.internal;Port=5432;Username=realname;Password=secret;Database=realname";

    [Fact]
    public void Should_keep_pooled_connections_unreset_and_prepare_repeated_statements_when_the_operator_set_neither()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PersistenceHosting.TunedPostgres(Server));

        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal(2, tuned.AutoPrepareMinUsages);
        Assert.Equal(("db.internal", "realname", "secret"), (tuned.Host, tuned.Database, tuned.Password));
    }

    [Fact]
    public void Should_keep_what_the_operator_set_in_either_spelling()
    {
        var tuned = new NpgsqlConnectionStringBuilder(PersistenceHosting.TunedPostgres(Server + ";Max Auto Prepare=0;NoResetOnClose=false;auto prepare min usages=5"));

        Assert.False(tuned.NoResetOnClose);
        Assert.Equal(0, tuned.MaxAutoPrepare);
        Assert.Equal(5, tuned.AutoPrepareMinUsages);
    }

    [Fact]
    public void Should_give_the_key_store_read_model_and_evidence_store_the_same_tuned_connection_string()
    {
        var settings = new PersistenceSettings { Provider = PersistenceSettings.Postgres, ConnectionString = Server };

        var tuned = new NpgsqlConnectionStringBuilder(settings.PostgresConnectionString);

        Assert.True(tuned.NoResetOnClose);
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.Equal("db.internal", tuned.Host);
    }

    [Fact]
    public void Should_give_the_journal_snapshots_and_read_journal_the_tuned_connection_string()
    {
        var (config, _) = PersistenceHosting.Postgres(Server);

        foreach (var path in new[] { PersistencePlugins.JournalId, PersistencePlugins.SnapshotStoreId, PersistencePlugins.QueryId })
            Assert.True(new NpgsqlConnectionStringBuilder(config.GetString(path + ".connection-string")).NoResetOnClose, path);
    }
}
