namespace RealName.Persistence;

/// <summary>
/// The plugin ids (HOCON paths) of Akka.Persistence.Sql, the one home of these names: the same on
/// SQLite and PostgreSQL, since both run the SQL plugin (with our write path on SQLite).
/// </summary>
public static class PersistencePlugins
{
    /// <summary>The journal.</summary>
    public const string JournalId = "akka.persistence.journal.sql";

    /// <summary>The snapshot store.</summary>
    public const string SnapshotStoreId = "akka.persistence.snapshot-store.sql";

    /// <summary>The read journal (persistence query).</summary>
    public const string QueryId = "akka.persistence.query.journal.sql";
}
