using System.Security.Cryptography;
using RealName.Actors.Security;
using RealName.Persistence.Keys;

namespace RealName.Cluster.Tests;

/// <summary>The per-account key store on a real PostgreSQL database, as nodes of a cluster share it.</summary>
public sealed class SubjectKeyStoreSpecs
{
    [Fact]
    public async Task Should_serve_many_nodes_using_a_fresh_key_store_for_the_first_time_at_once()
    {
        await using var database = await ScratchDatabase.CreateAsync("rn_keys_");
        var connectionString = database.ConnectionString;
        var master = new PiiCipher(RandomNumberGenerator.GetBytes(32));
        // Sixteen "nodes", each with its own store and cache, all creating the table and a key at the same moment.
        var nodes = Enumerable.Range(0, 16).Select(_ => new SubjectKeys(SubjectKeyStore.Postgres(connectionString), master, TimeProvider.System)).ToList();
        var keys = new string[nodes.Count];

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var start = new Barrier(nodes.Count);
        var threads = nodes.Select((node, i) => new Thread(() =>
        {
            start.SignalAndWait();
            try
            {
                keys[i] = node.Current($"acc_first_{i}").KeyId;
            }
            catch (Exception ex)
            {
                failures.Add(ex.GetType().Name + ": " + ex.Message);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(failures);

        Assert.Equal(16, keys.Distinct().Count());
        // Another node finds a key made elsewhere; after the account's erasure nobody can open it.
        Assert.Equal("acc_first_3", nodes[9].Find(keys[3]).Subject);
        Assert.Equal(1, nodes[0].Destroy("acc_first_3", DateTimeOffset.UtcNow));
        var fresh = new SubjectKeys(SubjectKeyStore.Postgres(connectionString), master, TimeProvider.System);
        Assert.Null(fresh.Find(keys[3]).Cipher);
        Assert.NotNull(fresh.Find(keys[4]).Cipher);
    }
}
