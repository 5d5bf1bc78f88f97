using System.Net;
using System.Security.Cryptography;
using Npgsql;
using RealName.Abuse.Tests.Infrastructure;

namespace RealName.Abuse.Tests;

/// <summary>
/// Two node processes on one PostgreSQL journal with the default budgets: a budget spent through
/// node A is refused through node B — the cluster keeps one budget, not one per node.
/// </summary>
public sealed class ClusterBudgetSpecs
{
    [Fact]
    public async Task Should_refuse_through_node_b_a_budget_spent_through_node_a()
    {
        await using var cluster = await TwoNodes.StartAsync();
        var (a, b) = (cluster.A, cluster.B);

        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Created, (await a.Client.CreateSessionAsync("acc_cluster_1")).StatusCode);
        using var throughB = await b.Client.CreateSessionAsync("acc_cluster_1");
        await BudgetSpecs.AssertRefused(throughB, 429, "rate_limited");

        var sms = await UntilRefused(i => (i % 2 == 0 ? a : b).Client, i => ("mobile", $"acc_cl_sms_{i}", """{"name":"张三","idNumber":"11010519491231002X","phone":"13800138555"}"""));
        var ids = await UntilRefused(i => (i % 2 == 0 ? a : b).Client, i => ("face", $"acc_cl_id_{i}", """{"name":"张三","idNumber":"110105194912310011"}"""));

        Assert.Equal((5, 10), (sms, ids));
        const string spec = nameof(ClusterBudgetSpecs) + "." + nameof(Should_refuse_through_node_b_a_budget_spent_through_node_a);
        AbuseReport.Budget("sessions of one account through every node", "`SessionsPerAccount` 10/10 min", spec, oneNode: "10 (11th refused)", twoNodes: "10 through A, the 11th refused through B (per-node budgets gave 20)");
        AbuseReport.Budget("SMS flood: mobile sessions with random accounts, one phone", "`SmsPerPhone` 5/h + `SmsPerPhonePerDay` 10/day", spec, twoNodes: $"{sms} SMS an hour through A and B alternately (per-node budgets gave 10)");
        AbuseReport.Budget("identity submissions of one ID number across accounts", "`SubmissionsPerIdNumber` 10/h", spec, twoNodes: $"{ids} through A and B alternately (per-node budgets gave 20)");
    }

    private static Task<int> UntilRefused(Func<int, HttpClient> through, Func<int, (string Method, string Account, string Body)> attempt) =>
        BudgetSpecs.GrantedUntilRefused(25, async i =>
        {
            var (method, account, body) = attempt(i);
            var client = through(i);
            var id = (await client.CreateSessionJsonAsync(account, method)).GetProperty("id").GetString()!;
            return await client.PostJsonAsync($"/v1/sessions/{id}/identity", body);
        });

    /// <summary>Two node processes (A seeds, B joins) on a fresh database of the tests' PostgreSQL server, with the same keys.</summary>
    private sealed class TwoNodes : IAsyncDisposable
    {
        private readonly string _work = Path.Combine(Path.GetTempPath(), "realname-budgets-" + Guid.NewGuid().ToString("N")[..8]);
        private readonly string _database = "rn_" + Guid.NewGuid().ToString("N")[..12];
        private readonly string _admin = Environment.GetEnvironmentVariable("REALNAME_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException("REALNAME_TEST_POSTGRES is not set: run with ./test.sh (or source tools/test-postgres.sh && pg_test_start).");

        public NodeProcess A { get; private set; } = null!;
        public NodeProcess B { get; private set; } = null!;

        public static async Task<TwoNodes> StartAsync()
        {
            var nodes = new TwoNodes();
            try
            {
                await nodes.StartNodesAsync();
            }
            catch
            {
                await nodes.DisposeAsync();
                throw;
            }
            return nodes;
        }

        private async Task StartNodesAsync()
        {
            Directory.CreateDirectory(_work);
            await using (var admin = new NpgsqlConnection(_admin))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
                await create.ExecuteNonQueryAsync();
            }
            var settings = new Dictionary<string, string>
            {
                ["RealName:Persistence:Provider"] = "postgres",
                ["RealName:Persistence:ConnectionString"] = new NpgsqlConnectionStringBuilder(_admin) { Database = _database }.ConnectionString,
                ["RealName:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["RealName:IdKeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["RealName:DowningStableAfter"] = "00:00:03",
                ["Logging:LogLevel:Default"] = "Warning",
            };
            var ports = new[] { (NodeProcess.FreePort(), NodeProcess.FreePort()), (NodeProcess.FreePort(), NodeProcess.FreePort()) };
            var seeds = new[] { $"akka.tcp://realname@127.0.0.1:{ports[0].Item2}" };
            A = new NodeProcess("a", seeds, settings, _work, ports[0].Item1, ports[0].Item2);
            B = new NodeProcess("b", seeds, settings, _work, ports[1].Item1, ports[1].Item2);
            A.Start();
            await A.WaitReadyAsync(TimeSpan.FromSeconds(90));
            B.Start();
            await B.WaitReadyAsync(TimeSpan.FromSeconds(90));
        }

        public async ValueTask DisposeAsync()
        {
            if (A is not null)
                await A.DisposeAsync();
            if (B is not null)
                await B.DisposeAsync();
            try
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(_admin);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
                Directory.Delete(_work, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or NpgsqlException)
            {
                // Best effort: ./test.sh throws the server away.
            }
        }
    }
}
