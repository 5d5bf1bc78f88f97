using System.Diagnostics.Metrics;
using System.Net;
using RealName.Actors.Telemetry;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>The whole host stopped and started again on the same data folder; each test has its own node.</summary>
public sealed class HostRestartSpecs
{
    private const string MaskedPublishedId = "110***********002X";

    [Fact]
    public async Task Should_hold_none_of_its_data_files_open_once_stopped_so_a_file_replaced_meanwhile_is_the_one_the_next_node_opens()
    {
        await using var node = await RealNameNode.StartAsync();
        await node.StartAwaitingScanAsync(TestData.Account("stopped"), TestData.Name, TestData.IdNumber());
        Assert.NotEmpty(OpenFilesUnder(node.DataPath)); // the journal, the key store, the read model …

        await node.StopAsync();

        Assert.Empty(OpenFilesUnder(node.DataPath).Select(Path.GetFileName));
    }

    /// <summary>What this process's open file descriptors point at under <paramref name="folder"/> (Linux: <c>/proc/self/fd</c>).</summary>
    private static List<string> OpenFilesUnder(string folder)
    {
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        var open = new List<string>();
        foreach (var fd in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(root, StringComparison.Ordinal))
                    open.Add(target);
            }
            catch (IOException)
            {
                // closed while listing
            }
        }
        return open;
    }

    [Fact]
    public async Task Should_answer_a_retried_keyed_create_with_its_first_answer_byte_for_byte_after_the_host_restarts()
    {
        await using var node = await RealNameNode.StartAsync();
        var accountId = TestData.Account("restartkey");
        var key = "restart-" + Guid.NewGuid().ToString("N");
        var first = await node.CreateSessionAsync(accountId, key);
        first.AssertStatus(HttpStatusCode.Created);
        (await node.SubmitIdentityAsync(first.Str("id")!, TestData.Name, TestData.IdNumber())).AssertStatus(HttpStatusCode.OK);

        await node.RestartAsync();

        // The session, not a record in memory, keeps what its creation answered: the first answer, though it moved on.
        var retried = await node.CreateSessionAsync(accountId, key);
        retried.AssertStatus(HttpStatusCode.Created);
        Assert.Equal(first.Body, retried.Body);
        Assert.Equal(first.Location, retried.Location);
        Assert.Equal("requires_input", retried.Str("status"));
        Assert.Equal("awaiting_scan", (await node.GetSessionAsync(first.Str("id")!)).Str("status"));

        (await node.CreateSessionAsync(TestData.Account("restartkey2"), key)).AssertProblem(HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Fact]
    public async Task Should_continue_a_scanned_session_after_the_host_restarts()
    {
        await using var node = await RealNameNode.StartAsync();
        var accountId = TestData.Account("restartmid");
        var (sessionId, token) = await node.StartAwaitingScanAsync(accountId, TestData.Name, TestData.PublishedIdNumber);
        (await node.ScanAsync(token, "app_user_restart")).AssertStatus(HttpStatusCode.OK);
        var (waitingId, waitingToken) = await node.StartAwaitingScanAsync(TestData.Account("restartwaiting"), TestData.Name, TestData.IdNumber());

        await node.RestartAsync();

        // A QR issued before the restart can still be scanned (only its hash is kept, in the journal).
        var lateScan = await node.ScanAsync(waitingToken, "app_user_waiting");
        lateScan.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(waitingId, lateScan.Str("sessionId"));
        Assert.Equal("scanned", lateScan.Str("status"));

        var recovered = await node.GetSessionAsync(sessionId);
        recovered.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(TestData.PublishedIdNumber, TestData.Name);
        Assert.Equal("scanned", recovered.Str("status"));
        Assert.Equal(TestData.MaskedName, recovered.Str("identity", "name"));
        Assert.Equal(MaskedPublishedId, recovered.Str("identity", "idNumber"));

        var face = await node.PostFaceResultAsync(token, passed: true);

        face.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(TestData.PublishedIdNumber, TestData.Name);
        Assert.Equal("verified", face.Str("status"));
        var verified = await node.GetSessionAsync(sessionId);
        Assert.Equal("verified", verified.Str("status"));
        Assert.False(verified.IsNull("verifiedAt"));
        var account = await node.GetAccountVerificationAsync(accountId);
        account.AssertNoRawPersonalData(TestData.PublishedIdNumber, TestData.Name);
        Assert.Equal("verified", account.Str("status"));
        Assert.Equal(MaskedPublishedId, account.Str("identity", "idNumber"));
    }

    [Fact]
    public async Task Should_keep_a_verified_session_and_account_across_a_host_restart()
    {
        await using var node = await RealNameNode.StartAsync();
        var accountId = TestData.Account("restartdone");
        var sessionId = await node.VerifyAccountAsync(accountId, TestData.PublishedIdNumber);
        var before = await node.GetSessionAsync(sessionId);
        var accountBefore = await node.GetAccountVerificationAsync(accountId);
        Assert.Equal("verified", accountBefore.Str("status"));

        await node.RestartAsync();

        var after = await node.GetSessionAsync(sessionId);
        after.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(TestData.PublishedIdNumber, TestData.Name);
        Assert.Equal("verified", after.Str("status"));
        Assert.Equal(before.Str("verifiedAt"), after.Str("verifiedAt"));
        Assert.Equal(MaskedPublishedId, after.Str("identity", "idNumber"));

        var accountAfter = await node.GetAccountVerificationAsync(accountId);
        accountAfter.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(TestData.PublishedIdNumber, TestData.Name);
        Assert.Equal("verified", accountAfter.Str("status"));
        Assert.Equal("personal", accountAfter.Str("level"));
        Assert.Equal("face", accountAfter.Str("method"));
        Assert.Equal(accountBefore.Str("verifiedAt"), accountAfter.Str("verifiedAt"));
        Assert.Equal(TestData.MaskedName, accountAfter.Str("identity", "name"));
        Assert.Equal(MaskedPublishedId, accountAfter.Str("identity", "idNumber"));

        // The registry recovered its index too: the same ID still cannot verify another account.
        var otherSession = await node.CreateSessionIdAsync(TestData.Account("restartother"));
        (await node.SubmitIdentityAsync(otherSession, TestData.Name, TestData.PublishedIdNumber))
            .AssertProblem(HttpStatusCode.Conflict, "id_already_verified")
            .AssertNoRawPersonalData(TestData.PublishedIdNumber, accountId);
    }

    [Fact]
    public async Task Should_rebuild_an_open_sessions_state_from_its_journal_after_the_host_restarts_and_count_the_replay()
    {
        long replays = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RealNameMetrics.MeterName && instrument.Name == "realname.projection.replays")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref replays, value));
        listener.Start();
        await using var node = await RealNameNode.StartAsync();
        var accountId = TestData.Account("restartreplay");
        var (_, token) = await node.StartAwaitingScanAsync(accountId, TestData.Name, TestData.IdNumber());
        await ListedAsync(node, accountId, "awaiting_scan");

        await node.RestartAsync(); // the projection's cache of open sessions starts empty
        var before = Interlocked.Read(ref replays);
        (await node.ScanAsync(token, "app_user_replay")).AssertStatus(HttpStatusCode.OK);

        var row = await ListedAsync(node, accountId, "scanned");
        Assert.Equal(TestData.MaskedName, row.Json.GetProperty("data")[0].GetProperty("identity").GetProperty("name").GetString());
        Assert.True(Interlocked.Read(ref replays) > before, "the state missing from the cache was not counted as a replay");
    }

    /// <summary>The account's one session in the read model, once it shows <paramref name="status"/>.</summary>
    private static Task<ApiResponse> ListedAsync(RealNameNode node, string accountId, string status) =>
        Eventually.ReturnsAsync(async () =>
        {
            var page = await node.SendAsync(HttpMethod.Get, $"/v1/sessions?accountId={accountId}", null);
            var data = page.Json.GetProperty("data");
            return data.GetArrayLength() == 1 && data[0].GetProperty("status").GetString() == status ? page : null;
        }, TimeSpan.FromSeconds(20), $"the session listed {status}");
}
