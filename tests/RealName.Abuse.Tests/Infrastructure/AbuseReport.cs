using System.Collections.Concurrent;
using System.Text;

namespace RealName.Abuse.Tests.Infrastructure;

/// <summary>
/// Collects the campaign's figures and rewrites <c>abuse-report.md</c> in <c>$REALNAME_REPORT_DIR</c>
/// after each; <c>./test.sh</c> prints every <c>*-report.md</c> at the end of the run.
/// </summary>
public static class AbuseReport
{
    private static readonly ConcurrentDictionary<string, string> Rows = new();

    public static void Record(string what, string figure)
    {
        Rows[what] = figure;
        var text = new StringBuilder().AppendLine("| abuse campaign | figure |").AppendLine("|---|---|");
        foreach (var (key, value) in Rows.OrderBy(r => r.Key, StringComparer.Ordinal))
            text.AppendLine($"| {key} | {value} |");
        var folder = Environment.GetEnvironmentVariable("REALNAME_REPORT_DIR") ?? AppContext.BaseDirectory;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "abuse-report.md"), text.ToString());
    }
}
