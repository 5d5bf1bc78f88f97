namespace RealName.Persistence.Sqlite;

/// <summary>
/// SQLite's <c>PRAGMA synchronous</c> for the journal and snapshot files (WAL mode), and what each
/// keeps of an event the journal has acknowledged.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>mode</term><description>acknowledged events after…</description></listheader>
/// <item><term><c>FULL</c> (default)</term><description>
/// <c>kill -9</c>: all. Power loss or an OS crash: all — each commit fsyncs the WAL before the plugin
/// acknowledges it, and the one fsync is shared by every event of the commit's batch.
/// </description></item>
/// <item><term><c>NORMAL</c></term><description>
/// <c>kill -9</c>: all (a commit is in the WAL file, in the OS page cache, before it returns).
/// Power loss or an OS crash: the database stays consistent, but the commits since the last WAL
/// checkpoint's fsync (by default up to ~1000 pages of WAL) may be lost — a verified session or a
/// registry claim the caller was already told about could be gone.
/// </description></item>
/// <item><term><c>OFF</c></term><description>
/// <c>kill -9</c>: all. Power loss or an OS crash: recent commits may be lost and the database file
/// may be corrupted. For throwaway benchmarks only.
/// </description></item>
/// </list>
/// </remarks>
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
