namespace RealName.Persistence.Sqlite;

/// <summary>
/// SQLite's <c>PRAGMA synchronous</c> for the journal and snapshot files (WAL mode). <c>FULL</c>, the
/// default, keeps every acknowledged event through power loss; <c>NORMAL</c> may lose the latest commits,
/// <c>OFF</c> may corrupt the file (see docs/adr/0002-sqlite-durability.md).
/// </summary>
public static class SqliteSynchronous
{
    public const string Full = "FULL";
    public const string Normal = "NORMAL";
    public const string Off = "OFF";

    /// <summary>The mode in upper case, or an exception naming the allowed values.</summary>
    public static string Normalize(string? mode) => mode?.Trim().ToUpperInvariant() switch
    {
        null or "" or Full => Full,
        Normal => Normal,
        Off => Off,
        _ => throw new InvalidOperationException($"RealName:Persistence:Synchronous must be {Full}, {Normal} or {Off}."),
    };
}
