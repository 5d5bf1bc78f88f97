using Microsoft.Data.Sqlite;
using RealName.Actors.Tests.Infrastructure;
using RealName.Persistence.Keys;
using RealName.Persistence.Sqlite;

namespace RealName.Actors.Tests.Security;

/// <summary>New accounts' data keys (<see cref="Actors.Security.SubjectKeys"/>) are committed together and awaited without holding a thread each.</summary>
public sealed class SubjectKeysSpecs(ITestOutputHelper output) : SqliteActorSpec(output)
{
    [Fact]
    public async Task Should_queue_new_keys_without_blocking_the_callers_while_the_store_is_busy_and_keep_every_one_once_it_commits()
    {
        Keys.Current("acc_first"); // the table exists
        using var blocker = new SqliteConnection(SqliteJournalConnections.ConnectionString(Path.Combine(DataPath, SubjectKeyStore.SqliteFile)));
        blocker.Open();
        var hold = blocker.BeginTransaction(deferred: false);

        // 200 new accounts at once, the store's write lock held elsewhere: each call hands back a pending task.
        var pending = Enumerable.Range(0, 200).Select(i => Keys.CurrentAsync($"acc_burst_{i}")).ToList();
        Assert.All(pending, key => Assert.False(key.IsCompleted));
        hold.Rollback();

        var made = await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(200, made.Select(k => k.KeyId).Distinct().Count());
        Assert.All(made.Select((k, i) => (k.KeyId, i)), k => Assert.Equal(($"acc_burst_{k.i}", true), (Keys.Find(k.KeyId).Subject, Keys.Find(k.KeyId).Cipher is not null)));
        using var count = blocker.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM {SubjectKeyStore.Table} WHERE subject LIKE 'acc_burst_%'";
        Assert.Equal(200L, (long)count.ExecuteScalar()!);
    }
}
