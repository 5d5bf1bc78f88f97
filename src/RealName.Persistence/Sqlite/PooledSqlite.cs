using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RealName.Persistence.Sqlite;

/// <summary>
/// What every opener of a pooled SQLite connection runs first (see ADR 0001, addendum 3).
/// </summary>
public static class PooledSqlite
{
    /// <summary>
    /// Microsoft.Data.Sqlite's pool hands a handle back out without looking at its transaction state, so a
    /// transaction its last user left open (one begun as SQL text, such as <c>BEGIN IMMEDIATE</c>, which closing the
    /// connection does not roll back) would make this connection's first <c>BEGIN</c> fail with "cannot start a
    /// transaction within a transaction", and its reads see the database as it was then. Nobody owns such a
    /// transaction any more: roll it back. Other connections (PostgreSQL) are left as they are. (The CI failure this
    /// was first written for was the pool lending one handle to two connections, which Microsoft.Data.Sqlite
    /// 10.0.15 no longer does: ADR 0001, addendum 4.)
    /// </summary>
    public static void EndLeftoverTransaction(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite || SQLitePCL.raw.sqlite3_get_autocommit(sqlite.Handle) != 0)
            return;
        using var rollback = sqlite.CreateCommand();
        rollback.CommandText = "ROLLBACK;";
        rollback.ExecuteNonQuery();
    }

    /// <summary>
    /// Closes the pooled handles of every SQLite file under <paramref name="folder"/> (a node's data folder), so
    /// that a stopped node keeps none of them open: a file deleted or replaced afterwards (a read model dropped to
    /// be rebuilt, a restored backup) is then opened anew by the next node in the same process instead of through a
    /// handle to the old one. Handles in use are closed when they come back. Only these files' pools: other nodes in
    /// the process keep theirs.
    /// </summary>
    public static void Release(string folder)
    {
        if (!Directory.Exists(folder))
            return;
        foreach (var path in Directory.GetFiles(folder, "*.db", SearchOption.AllDirectories))
        {
            using var connection = new SqliteConnection(SqliteJournalConnections.ConnectionString(path));
            SqliteConnection.ClearPool(connection);
        }
    }
}
