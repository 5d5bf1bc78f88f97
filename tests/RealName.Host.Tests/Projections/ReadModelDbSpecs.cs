using Microsoft.Data.Sqlite;
using RealName.Host.Projections.ReadModel;
using RealName.Persistence;
using RealName.Persistence.Sqlite;

namespace RealName.Host.Tests.Projections;

/// <summary>The read model's SQLite connections come from Microsoft.Data.Sqlite's pool, which does not look at a handle's transaction state.</summary>
public sealed class ReadModelDbSpecs : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "realname-readmodel-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task A_write_on_a_pooled_handle_its_last_user_left_inside_a_transaction_is_committed()
    {
        var db = ReadModelDb.For(new PersistenceSettings(), _folder);
        var file = Path.Combine(_folder, ReadModelDb.SqliteFile);
        // The pool's only idle handle, returned with a transaction open (begun in SQL, so the connection never saw it).
        using (var leftover = new SqliteConnection(SqliteJournalConnections.ConnectionString(file)))
        {
            leftover.Open();
            using var begin = leftover.CreateCommand();
            begin.CommandText = "BEGIN; SELECT COUNT(*) FROM sqlite_master;";
            begin.ExecuteScalar();
        }

        await db.EnsureSchemaAsync();
        await using (var connection = await db.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ReadModelDb.ExecuteAsync(connection, transaction, "INSERT INTO rn_projection_offsets (name, offset_value, updated_at) VALUES (@name, 7, 0)", CancellationToken.None, ("@name", "spec"));
            await transaction.CommitAsync();
        }

        var unpooled = new SqliteConnectionStringBuilder(SqliteJournalConnections.ConnectionString(file)) { Pooling = false };
        using var reader = new SqliteConnection(unpooled.ToString());
        reader.Open();
        using var count = reader.CreateCommand();
        count.CommandText = "SELECT offset_value FROM rn_projection_offsets WHERE name = 'spec'";
        Assert.Equal(7L, (long)count.ExecuteScalar()!);
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
}
