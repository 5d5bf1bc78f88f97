using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using RealName.Cluster.Tests.Infrastructure;

namespace RealName.Cluster.Tests;

/// <summary>Three node processes on one PostgreSQL journal: routing, node loss, graceful leave, full restart.</summary>
public sealed class ClusterSpecs
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Should_serve_sessions_created_through_node_a_from_node_c_and_replay_keyed_answers_from_any_node()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var (a, c) = (cluster.Nodes[0], cluster.Nodes[2]);

        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
            ids.Add(await FlowClient.CreateAsync(a.Client, $"acc_route_{i}"));

        foreach (var id in ids)
        {
            var session = await FlowClient.GetSessionAsync(c.Client, id);
            Assert.Equal("requires_input", session?["status"]?.GetValue<string>());
        }

        // An Idempotency-Key's record lives in the cluster: a retry through another node gets the first answer.
        const string key = "cluster-idem-1";
        const string body = """{"name":"张三","idNumber":"11010519491231002X"}""";
        var first = await PostKeyedAsync(a.Client, $"/v1/sessions/{ids[0]}/identity", body, key);
        var retry = await PostKeyedAsync(c.Client, $"/v1/sessions/{ids[0]}/identity", body, key);
        var other = await PostKeyedAsync(cluster.Nodes[1].Client, $"/v1/sessions/{ids[0]}/qr", "{}", key);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal((first.Status, first.Body), (retry.Status, retry.Body));
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Contains("idempotency_conflict", other.Body, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostKeyedAsync(HttpClient client, string path, string json, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_complete_every_session_in_flight_after_kill_minus_nine_of_a_node()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        const int count = 30;
        var flows = new List<(string Account, string Session, string Token)>();
        for (var i = 0; i < count; i++)
        {
            var account = $"acc_kill_{i}";
            var client = cluster.Nodes[i % 3].Client;
            var session = await FlowClient.CreateAsync(client, account);
            var token = await FlowClient.SubmitAsync(client, session, FlowClient.IdNumber(100 + i));
            using var scan = await FlowClient.ScanAsync(client, token);
            Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
            flows.Add((account, session, token));
        }

        // c holds about a third of the sessions (and not the registry: a is the oldest).
        c.Kill();
        var killedAt = Stopwatch.StartNew();
        var lost = 0;
        foreach (var (account, session, token) in flows)
        {
            var client = flows.IndexOf((account, session, token)) % 2 == 0 ? a.Client : b.Client;
            var verified = await Eventually.ReturnsAsync(async () =>
            {
                using var face = await FlowClient.FaceAsync(client, token);
                var view = await FlowClient.GetSessionAsync(client, session);
                return view?["status"]?.GetValue<string>() == "verified" ? view : null;
            }, Converge, $"session {session} verified after the kill");
            if (verified is null)
                lost++;
        }

        ClusterReport.Record(new("kill -9 of a session node", 1, count, lost, 0, killedAt.Elapsed.TotalSeconds));
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task Should_grant_each_id_to_exactly_one_account_when_registry_node_is_killed_mid_claims()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        const int accounts = 200, idCount = 20;
        var flows = new (string Account, string Session, string Token, string IdNumber)[accounts];
        var survivors = new[] { b.Client, c.Client };
        await Parallel.ForAsync(0, accounts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var client = survivors[i % 2];
            var account = $"acc_race_{i}";
            var idNumber = FlowClient.IdNumber(500 + i % idCount);
            var session = await FlowClient.CreateAsync(client, account);
            var token = await FlowClient.SubmitAsync(client, session, idNumber);
            using var scan = await FlowClient.ScanAsync(client, token);
            Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
            flows[i] = (account, session, token, idNumber);
        });

        // All face results at once, and the oldest node (registry singleton) dies among them.
        var faces = flows.Select((f, i) => Task.Run(async () =>
        {
            using var response = await FlowClient.FaceAsync(survivors[i % 2], f.Token);
        })).ToList();
        a.Kill();
        var killedAt = Stopwatch.StartNew();
        await Task.WhenAll(faces.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        var finals = new JsonNode[accounts];
        await Parallel.ForAsync(0, accounts, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var client = survivors[i % 2];
            finals[i] = await Eventually.ReturnsAsync(async () =>
            {
                var view = await FlowClient.GetSessionAsync(client, flows[i].Session);
                var status = view?["status"]?.GetValue<string>();
                if (status == "scanned")
                {
                    // The face result may have died with the node before it was persisted: the provider retries.
                    using var retry = await FlowClient.FaceAsync(client, flows[i].Token);
                }
                return status is "verified" or "failed" ? view : null;
            }, Converge, $"session {i} terminal");
        });
        var recovered = killedAt.Elapsed.TotalSeconds;

        var duplicated = 0;
        var lost = 0;
        foreach (var group in flows.Select((f, i) => (f, final: finals[i])).GroupBy(x => x.f.IdNumber))
        {
            var winners = group.Where(x => x.final["status"]!.GetValue<string>() == "verified").ToList();
            duplicated += Math.Max(0, winners.Count - 1);
            lost += winners.Count == 0 ? 1 : 0;
            Assert.All(group.Except(winners), x => Assert.Equal("id_already_verified", x.final["lastError"]?["code"]?.GetValue<string>()));
            foreach (var x in group)
            {
                var record = await FlowClient.GetAccountAsync(b.Client, x.f.Account);
                Assert.Equal(winners.Any(w => w.f.Account == x.f.Account) ? "verified" : "unverified", record?["status"]?.GetValue<string>());
            }
        }

        ClusterReport.Record(new("kill -9 of the registry node mid-claims", 1, accounts, lost, duplicated, recovered));
        Assert.Equal(0, duplicated);
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task Should_fail_no_request_while_a_node_leaves_gracefully_under_load()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        var failures = new List<string>();
        var completed = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var client = w % 2 == 0 ? a.Client : b.Client;
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var session = await FlowClient.CreateAsync(client, $"acc_leave_{w}_{i}");
                    await FlowClient.SubmitAsync(client, session, FlowClient.IdNumber(2000 + w * 10_000 + i));
                    var view = await FlowClient.GetSessionAsync(client, session);
                    Assert.Equal("awaiting_scan", view?["status"]?.GetValue<string>());
                    Interlocked.Increment(ref completed);
                }
                catch (Exception ex)
                {
                    lock (failures)
                        failures.Add(ex.Message);
                }
            }
        })).ToList();

        await Eventually.ReturnsAsync(() => Task.FromResult(Volatile.Read(ref completed) >= 20 ? "" : null), Converge, "load warmed up");
        var leaving = Stopwatch.StartNew();
        await c.TerminateAsync(TimeSpan.FromSeconds(60));
        var left = leaving.Elapsed.TotalSeconds;
        var before = Volatile.Read(ref completed);
        await Eventually.ReturnsAsync(() => Task.FromResult(Volatile.Read(ref completed) >= before + 20 ? "" : null), Converge, "load continued after the leave");
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        ClusterReport.Record(new("graceful leave (SIGTERM) under load", 0, completed, failures.Count, 0, left));
        Assert.True(failures.Count == 0, $"{failures.Count} failed requests, e.g. {failures.FirstOrDefault()}");
    }

    [Fact]
    public async Task Should_keep_every_verified_account_after_whole_cluster_restart()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var accounts = new List<string>();
        for (var i = 0; i < 9; i++)
        {
            var client = cluster.Nodes[i % 3].Client;
            var account = $"acc_restart_{i}";
            var session = await FlowClient.CreateAsync(client, account);
            var token = await FlowClient.SubmitAsync(client, session, FlowClient.IdNumber(900 + i));
            (await FlowClient.ScanAsync(client, token)).Dispose();
            using var face = await FlowClient.FaceAsync(client, token);
            Assert.Equal(HttpStatusCode.OK, face.StatusCode);
            accounts.Add(account);
        }

        foreach (var node in cluster.Nodes.Reverse())
            await node.TerminateAsync(TimeSpan.FromSeconds(60));
        var restart = Stopwatch.StartNew();
        foreach (var node in cluster.Nodes)
            await cluster.StartNodeAsync(node);

        var lost = 0;
        foreach (var account in accounts)
        {
            var record = await FlowClient.GetAccountAsync(cluster.Nodes[2].Client, account);
            lost += record?["status"]?.GetValue<string>() == "verified" ? 0 : 1;
        }
        ClusterReport.Record(new("whole-cluster restart", 0, accounts.Count, lost, 0, restart.Elapsed.TotalSeconds));
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task Should_erase_accounts_through_one_node_and_have_every_node_forget_them()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        var verified = new List<(string Account, string Session, string IdNumber)>();
        var open = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            // Sessions spread over the three nodes' shards: the erasure must reach each node's live entities.
            var client = cluster.Nodes[i % 3].Client;
            var account = $"acc_erase_{i}";
            var session = await FlowClient.CreateAsync(client, account);
            var token = await FlowClient.SubmitAsync(client, session, FlowClient.IdNumber(700 + i));
            if (i % 2 == 0)
            {
                (await FlowClient.ScanAsync(client, token)).Dispose();
                using var face = await FlowClient.FaceAsync(client, token);
                Assert.Equal(HttpStatusCode.OK, face.StatusCode);
                verified.Add((account, session, FlowClient.IdNumber(700 + i)));
            }
            else
            {
                open.Add(session);
            }
        }

        for (var i = 0; i < 6; i++)
        {
            using var erased = await b.Admin.DeleteAsync($"/v1/accounts/acc_erase_{i}/verification");
            Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        }

        var forgotten = Stopwatch.StartNew();
        await Eventually.AwaitAssertAsync(async () =>
        {
            foreach (var (account, session, _) in verified)
            {
                var view = await FlowClient.GetSessionAsync(c.Client, session);
                Assert.Equal("verified", view?["status"]?.GetValue<string>());
                Assert.Null(view?["identity"]);
                var record = await FlowClient.GetAccountAsync(a.Client, account);
                Assert.Equal("verified", record?["status"]?.GetValue<string>());
                Assert.Null(record?["identity"]);
            }
            foreach (var session in open)
            {
                var view = await FlowClient.GetSessionAsync(a.Client, session);
                Assert.Equal("canceled", view?["status"]?.GetValue<string>());
                Assert.Null(view?["identity"]);
            }
        }, Converge);
        ClusterReport.Record(new("erasure through one node, 6 accounts on 3 nodes", 0, verified.Count + open.Count, 0, 0, forgotten.Elapsed.TotalSeconds));

        // The claims stay: an erased account's ID card still verifies it and no other.
        var thief = await FlowClient.CreateAsync(c.Client, "acc_erase_thief");
        using var refused = await c.Client.PostAsync($"/v1/sessions/{thief}/identity",
            new StringContent($$"""{"name":"{{FlowClient.Name}}","idNumber":"{{verified[0].IdNumber}}"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
    }
}
