using RealName.Persistence.Sqlite;

namespace RealName.Persistence;

/// <summary>Where the journal lives; bound from <c>RealName:Persistence</c>.</summary>
public sealed class PersistenceSettings
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    /// <summary><c>sqlite</c> (embedded files in the data folder, one node) or <c>postgres</c> (shared by a cluster).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>Npgsql connection string when <see cref="Provider"/> is <c>postgres</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite's <c>PRAGMA synchronous</c>: <c>FULL</c> (default: an acknowledged event survives power
    /// loss), <c>NORMAL</c> or <c>OFF</c>; see <see cref="SqliteSynchronous"/> for what each gives up.
    /// </summary>
    public string Synchronous { get; set; } = SqliteSynchronous.Full;

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// What every PostgreSQL connection of the node uses — the journal's, the key store's, the read model's and
    /// the evidence store's: <see cref="ConnectionString"/> with <see cref="PersistenceHosting.TunedPostgres"/>'s
    /// defaults (no <c>DISCARD ALL</c> on reuse, prepared repeated statements) where the operator set none.
    /// </summary>
    public string PostgresConnectionString => PersistenceHosting.TunedPostgres(
        ConnectionString ?? throw new InvalidOperationException("RealName:Persistence:ConnectionString is required for the postgres provider."));

    /// <summary>A clear start-up error instead of a plugin failure later.</summary>
    public void Validate()
    {
        if (!IsPostgres && !string.Equals(Provider, Sqlite, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"RealName:Persistence:Provider must be '{Sqlite}' or '{Postgres}'.");
        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
            throw new InvalidOperationException("RealName:Persistence:ConnectionString is required for the postgres provider.");
        _ = SqliteSynchronous.Normalize(Synchronous);
    }
}
