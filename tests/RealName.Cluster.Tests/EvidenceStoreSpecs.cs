using RealName.Persistence;
using RealName.Persistence.Evidence;

namespace RealName.Cluster.Tests;

/// <summary>The appeal evidence store on a real PostgreSQL database, shared by the nodes of a cluster.</summary>
public sealed class EvidenceStoreSpecs
{
    [Fact]
    public async Task Should_keep_an_appeal_at_three_files_when_nodes_upload_at_once()
    {
        await using var database = await ScratchDatabase.CreateAsync("rn_evidence_");
        var settings = new PersistenceSettings { Provider = PersistenceSettings.Postgres, ConnectionString = database.ConnectionString };
        // Eight "nodes", each its own store, each uploading one file to the same appeal at the same moment.
        var nodes = Enumerable.Range(0, 8).Select(_ => EvidenceStore.For(settings, "unused")).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var uploads = nodes.Select((node, i) => Task.Run(async () =>
        {
            await start.Task;
            return await node.TryAddAsync("ap_race", [new StoredEvidence($"ev_{i}", "ap_race", 0, "acc_a", "k1", "application/pdf", 3, DateTimeOffset.UtcNow, [1, 2, (byte)i])], 3, default);
        })).ToList();
        start.SetResult();

        var accepted = await Task.WhenAll(uploads);

        Assert.Equal(3, accepted.Count(a => a));
        var stored = await nodes[0].ListAsync("ap_race", withContent: true, default);
        Assert.Equal([1, 2, 3], stored.Select(e => e.Slot));
        Assert.All(stored, e => Assert.Equal(3, e.Sealed!.Length));
        Assert.All(await nodes[5].ListAsync("ap_race", withContent: false, default), e => Assert.Null(e.Sealed));
    }
}
