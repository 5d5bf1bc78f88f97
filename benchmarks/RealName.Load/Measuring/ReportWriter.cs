using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RealName.Load.Measuring;

/// <summary>The report as an aligned text table (for people) or JSON (for scripts).</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Json(Report report) => JsonSerializer.Serialize(report, JsonOptions);

    public static string Text(Report report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"RealName load run, {report.StartedAt:yyyy-MM-dd HH:mm} UTC, against {report.Target}");
        text.AppendLine(CultureInfo.InvariantCulture, $"machine: {report.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture, $"settings: {report.Settings}");
        text.AppendLine();
        var nameWidth = Math.Max(6, report.Figures.Max(f => f.Name.Length));
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{"figure".PadRight(nameWidth)}  {"value",12} {"unit",-9} {"ratio",7}  {"p50 ms",7} {"p90 ms",7} {"p99 ms",7} {"max ms",7}  errors");
        foreach (var figure in report.Figures)
        {
            var latency = figure.Latency is { } l
                ? string.Create(CultureInfo.InvariantCulture, $"{l.P50,7:0.0} {l.P90,7:0.0} {l.P99,7:0.0} {l.Max,7:0}")
                : $"{"",7} {"",7} {"",7} {"",7}";
            var ratio = figure.Ratio is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r,7:0.000}") : $"{"",7}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{figure.Name.PadRight(nameWidth)}  {(figure.Value < 100 ? figure.Value.ToString("N2", CultureInfo.InvariantCulture) : figure.Value.ToString("N0", CultureInfo.InvariantCulture)),12} {figure.Unit,-9} {ratio}  {latency}  {figure.ErrorCount}");
        }
        text.AppendLine();
        foreach (var figure in report.Figures.Where(f => f.Note is not null || f.ErrorCount > 0 || f.Baseline is not null))
        {
            var notes = new List<string>();
            if (figure.Baseline is not null)
                notes.Add("ratio to " + figure.Baseline);
            if (figure.Note is not null)
                notes.Add(figure.Note);
            if (figure.Errors is { Count: > 0 } errors)
                notes.Add("errors: " + string.Join(", ", errors.OrderByDescending(e => e.Value).Select(e => $"{e.Key} ×{e.Value}")));
            text.AppendLine(CultureInfo.InvariantCulture, $"  {figure.Name}: {string.Join("; ", notes)}");
        }
        return text.ToString();
    }

    /// <summary>Cores, CPU model, memory and the load average, from /proc where there is one.</summary>
    public static string Machine()
    {
        var model = TryRead("/proc/cpuinfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();
        var memory = TryRead("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var gb = memory is null ? null : (double?)long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores{(model is null ? "" : " × " + model)}{(gb is null ? "" : $", {gb:0} GB")}, {Environment.OSVersion.VersionString}, .NET {Environment.Version}");
    }

    /// <summary>The 1-minute load average: how busy the shared machine was (other builds and tests run beside us).</summary>
    public static string? LoadAverage() => TryRead("/proc/loadavg")?.Split(' ')[0];

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
