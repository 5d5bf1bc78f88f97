using Microsoft.Data.Sqlite;
using RealName.Persistence;
using RealName.Persistence.Evidence;
using RealName.Persistence.Keys;
using RealName.Persistence.Sqlite;

namespace RealName.Actors.Tests.Persistence;

/// <summary>
/// The data-key store and the evidence store open pooled SQLite connections of their own. A handle whose last
/// user left a transaction open must not carry it into their work (<see cref="PooledSqlite"/>): without the
/// rollback, their <c>BEGIN</c> fails or their writes stay inside a transaction nobody commits.
/// </summary>
public sealed class PooledSqliteStoresSpecs : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "realname-pooled-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task The_key_store_commits_and_finds_a_new_key_on_a_pooled_handle_its_last_user_left_inside_a_transaction()
    {
        var store = SubjectKeyStore.Sqlite(_folder);
        var file = Path.Combine(_folder, SubjectKeyStore.SqliteFile);
        LeaveTransactionOnPooledHandle(file);

        await store.InsertAsync(new StoredSubjectKey("key_1", "acc_1", [1, 2, 3], DateTimeOffset.UnixEpoch, null)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("key_1", store.FindLive("acc_1")?.KeyId);
        Assert.Equal(1L, CountUnpooled(file, SubjectKeyStore.Table));
    }

    [Fact]
    public async Task The_evidence_store_commits_and_lists_an_upload_on_a_pooled_handle_its_last_user_left_inside_a_transaction()
    {
        var store = EvidenceStore.For(new PersistenceSettings(), _folder);
        var file = Path.Combine(_folder, EvidenceStore.SqliteFile);
        LeaveTransactionOnPooledHandle(file);
        var upload = new StoredEvidence("ev_1", "ap_1", 0, "acc_1", "key_1", "image/png", 3, DateTimeOffset.UnixEpoch, [1, 2, 3]);

        Assert.True(await store.TryAddAsync("ap_1", [upload], maxPerAppeal: 5, CancellationToken.None));

        Assert.Equal(["ev_1"], (await store.ListAsync("ap_1", withContent: false, CancellationToken.None)).Select(e => e.Id));
        Assert.Equal(1L, CountUnpooled(file, EvidenceStore.Table));
    }

    public void Dispose()
    {
        PooledSqlite.Release(_folder);

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing; the folder is uniquely named under the temp path.
        }
    }

    /// <summary>
    /// Returns a handle to the file's pool with a transaction open, as after a <c>ROLLBACK</c> refused mid-statement
    /// (Microsoft.Data.Sqlite does not see a transaction begun in SQL). It is the pool's only idle handle, so the
    /// store's next open gets it.
    /// </summary>
    private static void LeaveTransactionOnPooledHandle(string file)
    {
        using var connection = new SqliteConnection(SqliteJournalConnections.ConnectionString(file));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN; SELECT COUNT(*) FROM sqlite_master;";
        command.ExecuteScalar();
    }

    /// <summary>Counts committed rows through a connection outside the pool.</summary>
    private static long CountUnpooled(string file, string table)
    {
        var unpooled = new SqliteConnectionStringBuilder(SqliteJournalConnections.ConnectionString(file)) { Pooling = false };
        using var connection = new SqliteConnection(unpooled.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }
}
