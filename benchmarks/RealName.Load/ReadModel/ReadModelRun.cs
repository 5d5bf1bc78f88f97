using System.Diagnostics;
using RealName.Host.Projections.ReadModel;
using RealName.Load.Measuring;
using RealName.Persistence;

namespace RealName.Load.ReadModel;

/// <summary>
/// <c>readmodel</c>: the list queries of <c>GET /v1/sessions</c> on a read model of <c>--entities</c>
/// sessions (1,000,000 by default here) in a SQLite <c>readmodel.db</c> — rows as the projection
/// writes them (the masked object as JSON) — timed through <see cref="ListQueries"/>, the endpoint's own code.
/// </summary>
public static class ReadModelRun
{
    private const int Accounts = 20_000;
    private const int Repeats = 300;

    public static async Task<IReadOnlyList<Figure>> RunAsync(LoadOptions options)
    {
        var rows = options.Entities == new LoadOptions().Entities ? 1_000_000 : options.Entities;
        var folder = options.DataPath ?? Path.Combine(Path.GetTempPath(), "realname-readmodel-" + Guid.NewGuid().ToString("N")[..8]);
        var db = ReadModelDb.For(new PersistenceSettings(), folder);
        await db.EnsureSchemaAsync();
        var filled = Stopwatch.StartNew();
        await FillAsync(db, rows);
        var fill = new Figure("read model fill (one transaction per 10,000 rows)", rows / filled.Elapsed.TotalSeconds, "rows/s", Note: $"{rows:N0} sessions, {Accounts:N0} accounts");
        var queries = new ListQueries(db);
        var middle = $"vs_{rows / 2:D12}";
        var figures = new List<Figure> { fill };
        foreach (var (name, filter) in new (string, ListFilter)[]
        {
            ("newest 20, no filter", new ListFilter()),
            ("one account's newest 20", new ListFilter(AccountId: "acc_00042")),
            ("status=verified, newest 20", new ListFilter(Status: "verified")),
            ("account + status", new ListFilter(AccountId: "acc_00042", Status: "verified")),
            ("createdFrom/createdTo window of an hour", new ListFilter(CreatedFrom: Start.AddHours(100), CreatedTo: Start.AddHours(101))),
            ("page after a cursor in the middle", new ListFilter(StartingAfter: middle)),
            ("method=mobile (no index of its own), limit 100", new ListFilter(Method: "mobile", Limit: 100)),
        })
            figures.Add(await TimeAsync(queries, name, filter));
        return figures;
    }

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<Figure> TimeAsync(ListQueries queries, string name, ListFilter filter)
    {
        var times = new List<double>(Repeats);
        for (var i = 0; i < Repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var page = await queries.SessionsAsync(filter, CancellationToken.None);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (page is null || page.Bodies.Count == 0)
                throw new InvalidOperationException($"{name}: no rows");
        }
        times.Sort();
        var p50 = times[times.Count / 2];
        var p99 = times[(int)(times.Count * 0.99)];
        return new Figure($"list query: {name}", 1000 / times.Average(), "queries/s", Note: $"p50 {p50:0.00} ms, p99 {p99:0.00} ms, {Repeats} runs, one connection each");
    }

    private static async Task FillAsync(ReadModelDb db, int rows)
    {
        string[] statuses = ["verified", "verified", "verified", "failed", "expired", "canceled", "awaiting_scan"];
        string[] methods = ["face", "face", "mobile", "bank_card"];
        await using var connection = await db.OpenAsync();
        for (var from = 0; from < rows; from += 10_000)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var insert = ReadModelDb.Command(connection, transaction,
                "INSERT INTO rn_sessions (id, account_id, status, method, created_at, version, body) VALUES (@id, @account, @status, @method, @created, 6, @body) ON CONFLICT (id) DO NOTHING",
                ("@id", ""), ("@account", ""), ("@status", ""), ("@method", ""), ("@created", 0L), ("@body", ""));
            for (var i = from; i < Math.Min(rows, from + 10_000); i++)
            {
                var id = $"vs_{i:D12}";
                var account = $"acc_{i % Accounts:D5}";
                var status = statuses[i % statuses.Length];
                var method = methods[i % methods.Length];
                var created = Start.AddSeconds(i * 2);
                insert.Parameters[0].Value = id;
                insert.Parameters[1].Value = account;
                insert.Parameters[2].Value = status;
                insert.Parameters[3].Value = method;
                insert.Parameters[4].Value = ReadModelDb.Millis(created);
                insert.Parameters[5].Value = Body(id, account, status, method, created);
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
    }

    private static string Body(string id, string account, string status, string method, DateTimeOffset created) =>
        $$"""{"id":"{{id}}","accountId":"{{account}}","subject":"personal","method":"{{method}}","status":"{{status}}","createdAt":"{{created:O}}","expiresAt":"{{created.AddMinutes(30):O}}","identity":{"name":"*\u4E09","idNumber":"110***********1012","phone":null,"bankCard":null},"qr":{"expiresAt":"{{created.AddMinutes(2):O}}","scanned":true,"scanUrl":null},"url":null,"lastError":null,"verifiedAt":"{{created.AddSeconds(40):O}}","code":null,"enterprise":null,"amountAttemptsLeft":null,"personalDataErased":null,"version":6}""";
}
