using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RealName.Cluster.Tests.Infrastructure;
using RealName.Host.Projections.Webhooks;

namespace RealName.Cluster.Tests;

/// <summary>
/// Webhooks are delivered at least once from the journal (issue 18): P1 flows run on a 3-node
/// PostgreSQL cluster while the receiver is stopped and started again and the node that runs the
/// projection and delivers (the oldest, a) is killed with <c>kill -9</c>.
/// </summary>
public sealed class WebhookDeliverySpecs
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Should_deliver_every_terminal_session_at_least_once_across_receiver_restart_and_kill_minus_nine_of_the_delivering_node()
    {
        var receiver = await WebhookReceiver.StartAsync();
        await using var _ = receiver;
        await using var cluster = await TestCluster.StartAsync(3, _ => new Dictionary<string, string>
        {
            ["RealName:Webhooks:FirstRetryDelay"] = "00:00:01",
            ["RealName:Webhooks:MaxDelay"] = "00:00:03",
            ["RealName:Webhooks:PollInterval"] = "00:00:00.2",
        }, "akka.tcp");
        var (a, b, c) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        using var added = await b.Admin.PostAsJsonAsync("/admin/webhooks", new { url = receiver.Url });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var secret = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;

        const int count = 40;
        var sessions = new ConcurrentBag<string>();
        var flows = Enumerable.Range(0, count).Select(async i =>
        {
            var client = (i % 2 == 0 ? b : c).Client;
            await Task.Delay(TimeSpan.FromMilliseconds(150 * i));
            try
            {
                var session = await FlowClient.CreateAsync(client, $"acc_hook_{i}");
                sessions.Add(session);
                var token = await FlowClient.SubmitAsync(client, session, FlowClient.IdNumber(300 + i));
                using var scan = await FlowClient.ScanAsync(client, token);
                using var face = await FlowClient.FaceAsync(client, token);
            }
            catch (Exception e) when (e is HttpRequestException or Xunit.Sdk.XunitException or TaskCanceledException)
            {
                // A step refused during the fail-over: the session is canceled (a terminal event too) below.
            }
        }).ToList();

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await receiver.StopAsync();                    // the receiver is down: deliveries fail and back off
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        a.Kill();                                      // kill -9 of the oldest node: the projection and dispatcher singleton
        await Task.Delay(TimeSpan.FromSeconds(2));
        await receiver.StartAgainAsync();              // the same URL answers again
        await Task.WhenAll(flows);

        // Every session ends: the ones a refused step left open are canceled (and must be delivered too).
        var terminal = new Dictionary<string, string>();
        foreach (var session in sessions)
        {
            var status = await Eventually.ReturnsAsync(async () =>
            {
                var view = await FlowClient.GetSessionAsync(b.Client, session);
                if (view?["status"]?.GetValue<string>() is not { } s)
                    return null;
                if (s is "verified" or "failed" or "expired" or "canceled")
                    return s;
                using var cancel = await b.Client.PostAsJsonAsync($"/v1/sessions/{session}/cancel", new { });
                return null;
            }, Converge, $"session {session} terminal");
            terminal[session] = status!;
        }

        var missing = await Eventually.ReturnsAsync(async () =>
        {
            await Task.Yield();
            var delivered = receiver.Received.Select(r => r.ObjectId).ToHashSet();
            return terminal.Keys.All(delivered.Contains) ? Array.Empty<string>() : null;
        }, Converge, "a delivery of every terminal session");

        var received = receiver.Received.ToList();
        var bad = received.Count(r => r.Signature is null || !WebhookSignature.Verify(secret, r.Signature, r.Body, r.At, TimeSpan.FromMinutes(5)));
        var byEvent = received.GroupBy(r => r.EventId).ToList();
        var inconsistent = byEvent.Count(g => g.Select(r => r.Body).Distinct().Count() > 1);
        var maxDelay = byEvent.Max(g => (g.Min(r => r.At) - JsonDocument.Parse(g.First().Body).RootElement.GetProperty("createdAt").GetDateTimeOffset()).TotalSeconds);
        var table = new StringBuilder()
            .AppendLine("| sessions | terminal events | delivered (distinct) | deliveries received | duplicates | missing | bad signatures | max delay s |")
            .AppendLine("|---|---|---|---|---|---|---|---|")
            .AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {sessions.Count} | {terminal.Count} | {byEvent.Count} | {received.Count} | {received.Count - byEvent.Count} | {missing!.Length} | {bad} | {maxDelay:0.0} |"))
            .AppendLine()
            .AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"3 nodes, PostgreSQL; receiver stopped 1.5 s into the run and started 3.5 s later; kill -9 of node a (oldest: projection + dispatcher) 3 s in. Statuses: {string.Join(", ", terminal.Values.GroupBy(s => s).Select(g => $"{g.Key} {g.Count()}"))}."));
        var folder = Environment.GetEnvironmentVariable("REALNAME_REPORT_DIR") ?? AppContext.BaseDirectory;
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "webhooks-report.md"), table.ToString());
        Console.WriteLine(table);

        Assert.Empty(missing);
        Assert.Equal(0, bad);
        Assert.Equal(0, inconsistent);
    }
}
