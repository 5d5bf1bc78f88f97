using System.Collections.Concurrent;
using System.Text;

namespace RealName.Abuse.Tests.Infrastructure;

/// <summary>
/// Collects the campaign's figures and rewrites <c>abuse-report.md</c> in <c>$REALNAME_REPORT_DIR</c>
/// after each; <c>./test.sh</c> prints every <c>*-report.md</c> at the end of the run. A second table
/// holds the budgets: attack, budget, what one node let through and what a cluster of three did.
/// </summary>
public static class AbuseReport
{
    private static readonly ConcurrentDictionary<string, string> Rows = new();
    private static readonly ConcurrentDictionary<string, (string Budget, string? One, string? Three, string Spec)> Budgets = new();
    private static readonly Lock Writing = new();

    public static void Record(string what, string figure)
    {
        Rows[what] = figure;
        Write();
    }

    /// <summary>A budget row: its attack, the budget that stops it, and the figure measured on one node or on three (by <paramref name="spec"/>).</summary>
    public static void Budget(string attack, string budget, string spec, string? oneNode = null, string? threeNodes = null)
    {
        Budgets.AddOrUpdate(attack, (budget, oneNode, threeNodes, spec),
            (_, old) => (budget, oneNode ?? old.One, threeNodes ?? old.Three, old.Spec.Split(", ").Contains(spec) ? old.Spec : old.Spec + ", " + spec));
        Write();
    }

    private static void Write()
    {
        lock (Writing)
        {
            var text = new StringBuilder().AppendLine("| abuse campaign | figure |").AppendLine("|---|---|");
            foreach (var (key, value) in Rows.OrderBy(r => r.Key, StringComparer.Ordinal))
                text.AppendLine($"| {key} | {value} |");
            if (!Budgets.IsEmpty)
            {
                text.AppendLine().AppendLine("| attack | budget | one node | three nodes (one cluster) | spec |").AppendLine("|---|---|---|---|---|");
                foreach (var (attack, row) in Budgets.OrderBy(r => r.Key, StringComparer.Ordinal))
                    text.AppendLine($"| {attack} | {row.Budget} | {row.One ?? "—"} | {row.Three ?? "—"} | {row.Spec} |");
            }
            var folder = Environment.GetEnvironmentVariable("REALNAME_REPORT_DIR") ?? AppContext.BaseDirectory;
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "abuse-report.md"), text.ToString());
        }
    }
}
