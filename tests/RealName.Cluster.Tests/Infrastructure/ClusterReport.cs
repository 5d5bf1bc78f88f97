using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace RealName.Cluster.Tests.Infrastructure;

/// <summary>
/// Collects one row per failure scenario and rewrites <c>cluster-report.md</c> in the test
/// results folder after each; <c>./test.sh</c> prints it at the end of the run.
/// </summary>
public static class ClusterReport
{
    private static readonly ConcurrentDictionary<string, Row> Rows = new();

    public sealed record Row(string Scenario, int NodeKills, int SessionsInFlight, int Lost, int Duplicated, double? RecoverySeconds);

    public static void Record(Row row)
    {
        Rows[row.Scenario] = row;
        var text = new StringBuilder()
            .AppendLine("| scenario | node kills | sessions in flight | lost | duplicated | recovery s (event → every session answered) |")
            .AppendLine("|---|---|---|---|---|---|");
        foreach (var r in Rows.Values.OrderBy(r => r.Scenario, StringComparer.Ordinal))
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.NodeKills} | {r.SessionsInFlight} | {r.Lost} | {r.Duplicated} | {(r.RecoverySeconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) : "-")} |"));
        var folder = Environment.GetEnvironmentVariable("REALNAME_REPORT_DIR") ?? AppContext.BaseDirectory;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "cluster-report.md"), text.ToString());
    }
}
