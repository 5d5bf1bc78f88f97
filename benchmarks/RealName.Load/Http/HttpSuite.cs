using RealName.Load.Baselines;
using RealName.Load.Measuring;
using RealName.Load.Target;

namespace RealName.Load.Http;

/// <summary>
/// The HTTP run: the baselines first (the node's own <c>/healthz</c> rate, raw batched SQLite
/// inserts on the node's disk), then each chosen scenario as a closed loop, each figure with its
/// ratio to its baseline.
/// </summary>
public sealed class HttpSuite(NodeApi api, TargetNode node, JournalProbe? journal, LoadOptions options, Progress progress)
{
    private const string Healthz = "healthz (baseline)";
    private const string RawSqlite = "raw SQLite insert, 100 rows/commit (baseline)";
    private const string P1 = "complete P1 verifications";
    private const int ReadSessions = 1000;

    private readonly TestIdentities _ids = new();
    private readonly List<Figure> _figures = [];
    private double? _healthz;
    private double? _p1;
    private double? _rawSqlite;

    public async Task<IReadOnlyList<Figure>> RunAsync()
    {
        await MeasureBaselinesAsync();
        foreach (var scenario in options.Scenarios)
        {
            switch (scenario)
            {
                case "reads": await ReadsAsync(); break;
                case "create": await CreateAsync(); break;
                case "p1": await VerificationsAsync(keyed: false); break;
                case "p1-keyed": await VerificationsAsync(keyed: true); break;
                case "scan": await ScanStormAsync(); break;
            }
        }
        if (options.LiveSessions > 0)
            await LiveSessionsAsync(options.LiveSessions);
        return _figures;
    }

    private async Task MeasureBaselinesAsync()
    {
        var folder = node.DataPath ?? Path.GetTempPath();
        Progress.Note($"  raw SQLite inserts in {folder} (synchronous FULL) …");
        var seconds = TimeSpan.FromSeconds(Math.Min(5, options.Duration.TotalSeconds));
        _rawSqlite = await SqliteInsertBaseline.RowsPerSecondAsync(folder, SqliteInsertBaseline.RowsPerCommit, seconds);
        _figures.Add(new Figure(RawSqlite, _rawSqlite.Value, "rows/s"));
        var single = await SqliteInsertBaseline.RowsPerSecondAsync(folder, 1, seconds);
        _figures.Add(new Figure("raw SQLite insert, 1 row/commit", single, "rows/s", Baseline: RawSqlite, BaselineValue: _rawSqlite));

        var loop = await Loop("healthz", (_, ct) => api.HealthzAsync(ct));
        _healthz = loop.Rate;
        _figures.Add(Figure.FromLoop(Healthz, "req/s", loop));
    }

    private async Task ReadsAsync()
    {
        var sessions = await PrepareAsync("reads: creating sessions", ReadSessions, async ct => (await api.CreateAsync(_ids.NextAccount(), ct)).Value);
        var loop = await Loop("reads", async (_, ct) => (await api.GetAsync(sessions[Random.Shared.Next(sessions.Length)], ct)).Error);
        _figures.Add(Figure.FromLoop("status reads (GET /v1/sessions/{id})", "req/s", loop, Healthz, _healthz,
            $"{sessions.Length} live sessions read at random"));
    }

    private async Task CreateAsync()
    {
        var (loop, events) = await LoopCountingEvents("create", async (_, ct) => (await api.CreateAsync(_ids.NextAccount(), ct)).Error);
        _figures.Add(Figure.FromLoop("session creations (POST /v1/sessions)", "req/s", loop, Healthz, _healthz,
            "each a new persistent entity: recovery of an empty journal + one event"));
        AddEvents("create", events, loop.Elapsed);
    }

    /// <summary>
    /// Complete P1: create, identity, signed scan, signed face pass; a success ends <c>verified</c>. <paramref name="keyed"/>:
    /// the identity step carries an <c>Idempotency-Key</c> too (the create always does), reported against plain P1 when it ran.
    /// </summary>
    private async Task VerificationsAsync(bool keyed)
    {
        var name = keyed ? "p1-keyed" : "p1";
        var (loop, events) = await LoopCountingEvents(name, async (_, ct) =>
        {
            var created = await api.CreateAsync(_ids.NextAccount(), ct);
            if (created.Error is not null)
                return "create " + created.Error;
            var token = await api.SubmitIdentityAsync(created.Value!, _ids.NextIdNumber(), ct, keyed);
            if (token.Error is not null)
                return "identity " + token.Error;
            var scanned = await api.ScanAsync(token.Value!, ct);
            if (scanned.Error is not null)
                return "scan " + scanned.Error;
            var face = await api.FacePassedAsync(scanned.Value!, ct);
            return face.Error is not null ? "face " + face.Error
                : face.Value == "verified" ? null
                : "face ended " + face.Value;
        });
        if (!keyed)
        {
            _p1 = loop.Rate;
            _figures.Add(Figure.FromLoop(P1, "flows/s", loop, Healthz, _healthz,
                $"4 HTTP calls each ({4 * loop.Rate:N0} req/s); latency is the whole flow"));
        }
        else
        {
            _figures.Add(Figure.FromLoop("complete P1 verifications, identity step keyed", "flows/s", loop, _p1 is null ? Healthz : P1, _p1 ?? _healthz,
                "as P1, the identity POST with an Idempotency-Key: its record asked before and kept before the answer"));
        }
        AddEvents(name, events, loop.Elapsed);
    }

    /// <summary>
    /// Signed scans of prepared QR tokens by every connection at once: each token's first scan binds
    /// it (200), later ones are refused (<c>409 qr_already_scanned</c>), as a storm of retrying apps would be.
    /// </summary>
    private async Task ScanStormAsync()
    {
        var tokens = await PrepareAsync("scan: preparing QR codes", options.ScanSessions, async ct =>
        {
            var created = await api.CreateAsync(_ids.NextAccount(), ct);
            return created.Value is null ? null : (await api.SubmitIdentityAsync(created.Value, _ids.NextIdNumber(), ct)).Value;
        });
        long next = -1, first = 0;
        var loop = await Loop("scan", async (_, ct) =>
        {
            var answer = await api.ScanAsync(tokens[Interlocked.Increment(ref next) % tokens.Length], ct);
            if (answer.Error is null)
                Interlocked.Increment(ref first);
            return answer.Error is null or "409 qr_already_scanned" ? null : answer.Error;
        });
        _figures.Add(Figure.FromLoop("scan storm (POST /v1/scan, signed)", "req/s", loop, Healthz, _healthz,
            $"{tokens.Length} QR codes; {Interlocked.Read(ref first)} first scans, the rest 409 qr_already_scanned"));
    }

    private async Task LiveSessionsAsync(int count)
    {
        var before = progress.SampleRss();
        var sessions = await PrepareAsync($"live: creating {count} sessions", count, async ct => (await api.CreateAsync(_ids.NextAccount(), ct)).Value);
        GC.KeepAlive(sessions);
        var after = progress.SampleRss();
        if (after is not { } rss)
        {
            Progress.Note("  live: no pid, so no RSS figure");
            return;
        }
        var perSession = before is { } b ? (rss - b) / (double)sessions.Length : (double?)null;
        _figures.Add(new Figure($"node RSS with {sessions.Length:N0} more live sessions", rss / 1048576.0, "MB", Operations: sessions.Length,
            Note: perSession is { } p ? $"{p / 1024:0.0} KB per session ({before / 1048576.0:0} MB before)" : null));
    }

    private Task<LoopResult> Loop(string name, ClosedLoop.Operation operation, Func<Task>? atStart = null, Func<Task>? atEnd = null) =>
        ClosedLoop.RunAsync(name, options.Connections, options.Warmup, options.Duration, operation, progress, atStart, atEnd);

    /// <summary>A loop, with the journal's highest ordering read at the start and end of the measured window.</summary>
    private async Task<(LoopResult Loop, long? Events)> LoopCountingEvents(string name, ClosedLoop.Operation operation)
    {
        long? from = null, to = null;
        var loop = await Loop(name, operation,
            async () => from = journal is null ? null : await journal.HighestOrderingAsync(),
            async () => to = journal is null ? null : await journal.HighestOrderingAsync());
        return (loop, to - from);
    }

    private void AddEvents(string scenario, long? events, TimeSpan elapsed)
    {
        if (events is not { } count)
            return;
        _figures.Add(new Figure($"persisted events during {scenario}", count / elapsed.TotalSeconds, "events/s", Operations: count,
            Baseline: RawSqlite, BaselineValue: _rawSqlite, Note: "counted in the journal (its ordering column)"));
    }

    /// <summary>Runs <paramref name="make"/> <paramref name="count"/> times over the run's connections; failures are dropped.</summary>
    private async Task<string[]> PrepareAsync(string label, int count, Func<CancellationToken, Task<string?>> make)
    {
        Progress.Note($"  {label} …");
        var made = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = options.Connections }, async (_, ct) =>
        {
            if (await make(ct) is { } value)
                made.Add(value);
        });
        return !made.IsEmpty ? made.ToArray() : throw new InvalidOperationException($"{label}: nothing could be made; is the node answering?");
    }
}
