using System.Globalization;
using System.Net;
using System.Text.Json;
using RealName.Abuse.Campaign;
using RealName.Abuse.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RealName.Abuse.Tests;

/// <summary>
/// A bounded, seeded slice of the abuse campaign against a real node with the production rate
/// limits: no 5xx, every 4xx a contract problem, no personal value in clear, and afterwards a
/// restarted node replays every session to the status it had, never one the contract forbids.
/// </summary>
public sealed class FuzzCampaignSpecs(ITestOutputHelper output)
{
    private const int Seed = 20240601;
    private const int Requests = 2_000;

    /// <summary>Statuses a session of a method can never hold (awaiting_code: SMS flows; awaiting_amount: E2 only).</summary>
    private static readonly Dictionary<string, string[]> Forbidden = new()
    {
        ["face"] = ["awaiting_code", "awaiting_amount"],
        ["mobile"] = ["awaiting_amount"],
        ["bank_card"] = ["awaiting_amount"],
        ["group_sync"] = ["awaiting_amount", "awaiting_scan", "scanned"],
        ["associate"] = ["awaiting_amount", "awaiting_scan", "scanned"],
        ["legal_person_face"] = ["awaiting_code", "awaiting_amount"],
        ["corporate_account"] = ["awaiting_code", "awaiting_scan", "scanned"],
        ["enterprise_sync"] = ["awaiting_code", "awaiting_amount", "awaiting_scan", "scanned"],
    };

    [Fact]
    public async Task Should_hold_every_property_under_a_seeded_campaign_and_replay_every_session_after_a_restart()
    {
        await using var node = await AbuseNode.StartAsync();
        output.WriteLine($"abuse campaign seed {Seed}, {Requests} requests");
        var result = await new AbuseCampaign(new CampaignTarget(node.BaseAddress), Seed).RunAsync(Requests, DateTimeOffset.UtcNow.AddMinutes(5));

        var before = await ReadAllAsync(node, result.Sessions);
        await node.RestartAsync();
        var after = await ReadAllAsync(node, result.Sessions);

        var violations = result.Violations.ToList();
        foreach (var (id, (status, method)) in before)
        {
            if (!after.TryGetValue(id, out var replayed) || replayed.Status != status)
                violations.Add($"session {id} was {status} before the restart and {replayed.Status ?? "unreadable"} after");
            if (Forbidden.TryGetValue(method, out var forbidden) && forbidden.Contains(status))
                violations.Add($"session {id} ({method}) reached {status}");
        }
        AbuseReport.Record("fuzz: requests tried (seed " + Seed + ")", result.RequestsTried.ToString(CultureInfo.InvariantCulture));
        AbuseReport.Record("fuzz: violations", violations.Count.ToString(CultureInfo.InvariantCulture));
        AbuseReport.Record("fuzz: answers 429 rate_limited", result.RateLimited.ToString(CultureInfo.InvariantCulture));
        AbuseReport.Record("fuzz: answers checked for personal values in clear", result.RedactionsVerified.ToString(CultureInfo.InvariantCulture));
        AbuseReport.Record("fuzz: forged/replayed/stale signatures refused", result.ReplaysRejected.ToString(CultureInfo.InvariantCulture));
        AbuseReport.Record("fuzz: sessions replayed after restart", $"{after.Count}/{before.Count}");
        output.WriteLine($"tried {result.RequestsTried}, violations {violations.Count}, sessions {before.Count}");
        foreach (var violation in violations.Take(50))
            output.WriteLine(violation);
        Assert.True(result.RequestsTried >= Requests, $"only {result.RequestsTried} requests were sent");
        Assert.True(before.Count >= 10, "the campaign created too few sessions to mean anything");
        Assert.Empty(violations);
    }

    private static async Task<Dictionary<string, (string? Status, string Method)>> ReadAllAsync(AbuseNode node, IEnumerable<string> ids)
    {
        using var client = node.CreateClient();
        var sessions = new Dictionary<string, (string?, string)>();
        foreach (var id in ids)
        {
            using var response = await client.GetAsync($"/v1/sessions/{id}");
            if (response.StatusCode != HttpStatusCode.OK)
                continue;
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            sessions[id] = (json.GetProperty("status").GetString(), json.GetProperty("method").GetString()!);
        }
        return sessions;
    }
}
