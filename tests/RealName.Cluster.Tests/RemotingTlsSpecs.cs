using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RealName.Cluster.Tests.Infrastructure;

namespace RealName.Cluster.Tests;

/// <summary>
/// Issue 14, item 3: remoting is mutual TLS pinned to the cluster's CA. Two TLS node processes on
/// PostgreSQL serve P1; a node with a certificate from another CA (that trusts the cluster's CA,
/// so only the cluster's check of its certificate can stop it) and a node speaking plain TCP, each
/// with keys of its own and the cluster as seeds, never become members and write nothing; the
/// cluster serves P1 afterwards.
/// </summary>
public sealed class RemotingTlsSpecs
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Should_refuse_nodes_with_a_foreign_certificate_or_without_tls_and_keep_serving()
    {
        var certs = Path.Combine(Path.GetTempPath(), "realname-tls-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var clusterCerts = await MakeCertsAsync(Path.Combine(certs, "cluster"), "a", "b");
            var foreignCerts = await MakeCertsAsync(Path.Combine(certs, "foreign"), "x");
            await using var cluster = await TestCluster.StartAsync(2, name => Tls(clusterCerts, name, clusterCerts), "akka.ssl.tcp");
            var (a, b) = (cluster.Nodes[0], cluster.Nodes[1]);

            Assert.StartsWith("akka.ssl.tcp://", cluster.Seeds[0]);
            await AssertMembersAsync(a, 2);
            await VerifyThroughAsync(a, b, "acc_tls_before", FlowClient.IdNumber(701));

            // Each intruder has its own keys, like the node of the issue that joined and wrote claims.
            var intruderSettings = new Dictionary<string, string>(cluster.Settings)
            {
                ["RealName:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["RealName:IdKeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            };
            var foreignSettings = new Dictionary<string, string>(intruderSettings);
            foreach (var (key, value) in Tls(foreignCerts, "x", trust: clusterCerts))
                foreignSettings[key] = value;
            await using var foreign = new NodeProcess("foreign-ca", cluster.Seeds, foreignSettings, cluster.WorkFolder);
            var plainSeeds = cluster.Seeds.Select(s => s.Replace("akka.ssl.tcp://", "akka.tcp://", StringComparison.Ordinal)).ToList();
            await using var plain = new NodeProcess("plain-tcp", plainSeeds, intruderSettings, cluster.WorkFolder);
            foreign.Start();
            plain.Start();

            // Both keep trying to join (seed-node timeout 5 s) for 25 s; neither ever shows up, on either side.
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(25))
            {
                foreach (var node in new[] { a, b })
                {
                    var members = await MembersAsync(node);
                    Assert.True(members.Count == 2, $"{node.Name} sees {string.Join(", ", members)}");
                    Assert.DoesNotContain(members, m => m.Contains($":{foreign.RemotingPort}", StringComparison.Ordinal) || m.Contains($":{plain.RemotingPort}", StringComparison.Ordinal));
                }
                foreach (var intruder in new[] { foreign, plain })
                    Assert.NotEqual("Up", await SelfStatusAsync(intruder));
                await Task.Delay(1000);
            }

            // An intruder's own P1 flow cannot reach the cluster's registry: the account stays unverified there.
            using (var quick = new HttpClient { BaseAddress = foreign.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(8) })
            {
                quick.DefaultRequestHeaders.Authorization = foreign.Client.DefaultRequestHeaders.Authorization;
                try
                {
                    using var _ = await quick.PostAsJsonAsync("/v1/sessions", new { accountId = "acc_tls_intruder", method = "face" });
                }
                catch (TaskCanceledException)
                {
                    // not a member: its shard region has no coordinator to ask
                }
                catch (HttpRequestException)
                {
                    // or it has already given up and stopped: either way it writes nothing into the cluster
                }
            }
            var intruderAccount = await FlowClient.GetAccountAsync(a.Client, "acc_tls_intruder");
            Assert.Equal("unverified", intruderAccount?["status"]?.GetValue<string>());

            // The handshakes were refused by the TLS layer (not merely unanswered).
            var logs = a.Tail(4000) + b.Tail(4000);
            Assert.Contains("refused peer certificate", logs, StringComparison.Ordinal);
            Assert.Contains("TLS handshake failure", logs, StringComparison.Ordinal);

            await VerifyThroughAsync(b, a, "acc_tls_after", FlowClient.IdNumber(702));
            await AssertMembersAsync(a, 2);
        }
        finally
        {
            try { Directory.Delete(certs, recursive: true); } catch (IOException) { }
        }
    }

    private static Dictionary<string, string> Tls(string folder, string node, string trust) => new()
    {
        ["RealName:Remoting:Tls:Enabled"] = "true",
        ["RealName:Remoting:Tls:CertificatePath"] = Path.Combine(folder, node + ".pfx"),
        ["RealName:Remoting:Tls:PasswordFile"] = Path.Combine(folder, "password.txt"),
        ["RealName:Remoting:Tls:CaCertificatePath"] = Path.Combine(trust, "ca.crt"),
    };

    /// <summary>Runs <c>tools/make-dev-certs.sh</c>, the script the README and docker/ use.</summary>
    private static async Task<string> MakeCertsAsync(string folder, params string[] nodes)
    {
        var script = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(HostBinary.Path)))))!, "..", "tools", "make-dev-certs.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.GetFullPath(script));
        info.ArgumentList.Add(folder);
        foreach (var node in nodes)
            info.ArgumentList.Add(node);
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "make-dev-certs.sh failed: " + error);
        return folder;
    }

    private static async Task VerifyThroughAsync(NodeProcess front, NodeProcess app, string account, string idNumber)
    {
        var session = await FlowClient.CreateAsync(front.Client, account);
        var token = await FlowClient.SubmitAsync(front.Client, session, idNumber);
        using (var scan = await FlowClient.ScanAsync(app.Client, token))
            Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        using (var face = await FlowClient.FaceAsync(app.Client, token))
            Assert.Equal(HttpStatusCode.OK, face.StatusCode);
        await Eventually.ReturnsAsync(async () =>
        {
            var view = await FlowClient.GetAccountAsync(front.Client, account);
            return view?["status"]?.GetValue<string>() == "verified" ? view : null;
        }, Converge, $"{account} verified through the TLS cluster");
    }

    private static async Task AssertMembersAsync(NodeProcess node, int count) =>
        await Eventually.ReturnsAsync(async () => (await MembersAsync(node)).Count == count ? "ok" : null, Converge, $"{count} members seen by {node.Name}");

    private static async Task<List<string>> MembersAsync(NodeProcess node)
    {
        var body = JsonNode.Parse(await node.Admin.GetStringAsync("/admin/cluster/members"))!;
        return body["members"]!.AsArray().Select(m => m!["address"]!.GetValue<string>()).ToList();
    }

    private static async Task<string?> SelfStatusAsync(NodeProcess node)
    {
        try
        {
            using var response = await node.Admin.GetAsync("/admin/cluster/status");
            return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync())?["status"]?.GetValue<string>() : null;
        }
        catch (HttpRequestException)
        {
            return null; // still starting
        }
    }
}
