using System.Globalization;
using RealName.Load.Http;
using RealName.Load.Journal;
using RealName.Load.Measuring;
using RealName.Load.Memory;
using RealName.Load.Registry;
using RealName.Load.Target;

namespace RealName.Load;

/// <summary>Entry point of <c>realname-load</c>: parses the options, runs the chosen measurement, prints the report.</summary>
public static class LoadProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine(LoadOptions.Usage);
            return 0;
        }
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine(LoadOptions.Usage);
            return 2;
        }

        var startedAt = DateTimeOffset.UtcNow;
        var loadBefore = ReportWriter.LoadAverage();
        var (target, figures) = options.Command switch
        {
            "registry" => ("the identity registry singleton in this process (SQLite, synchronous " + options.Synchronous + ")", await RegistryRun.RunAsync(options)),
            "journal" => ("the journal in this process (Akka.Persistence.Sql on " + (options.Postgres is null ? "SQLite, synchronous " + options.Synchronous : "PostgreSQL") + ")", await JournalRun.RunAsync(options)),
            "memory" => ("session entities in this process (SQLite)", await MemoryRun.RunAsync(options)),
            "readmodel" => ("the read model's list queries in this process (SQLite readmodel.db)", await RealName.Load.ReadModel.ReadModelRun.RunAsync(options)),
            _ when options.CompareProjections => await ProjectionsComparison.RunAsync(options, RunHttpAsync),
            _ when options.ComparePostgres is not null => await PostgresComparison.RunAsync(options, RunHttpAsync),
            _ => await RunHttpAsync(options),
        };
        var settings = string.Create(CultureInfo.InvariantCulture,
            $"{options.Connections} connections, {options.Warmup.TotalSeconds:0} s warm-up, {options.Duration.TotalSeconds:0} s per figure; load average {loadBefore} at start, {ReportWriter.LoadAverage()} at end");
        var report = new Report(startedAt, target, ReportWriter.Machine(), settings, figures);
        Console.WriteLine(options.Json ? ReportWriter.Json(report) : ReportWriter.Text(report));
        return figures.Any(f => f.ErrorCount > 0) ? 1 : 0;
    }

    internal static async Task<(string Target, IReadOnlyList<Figure> Figures)> RunHttpAsync(LoadOptions options)
    {
        await using var node = options.StartNode ? TargetNode.Start(options) : TargetNode.Attach(options);
        using var api = new NodeApi(node.Url, options);
        Progress.Note($"  waiting for {node.Url}readyz …");
        await node.WaitReadyAsync(api.IsReadyAsync, TimeSpan.FromSeconds(120));
        var journal = JournalProbe.For(node, options);
        var progress = new Progress(node.RssBytes);
        var figures = await new HttpSuite(api, node, journal, options, progress).RunAsync();
        if (progress.PeakRss > 0)
            figures = [.. figures, new Figure("node peak RSS during the run", progress.PeakRss / 1048576.0, "MB")];
        var target = $"{node.Url}{(options.StartNode ? " (a node started by this tool" + (options.NodeArgs.Count > 0 ? " with " + string.Join(' ', options.NodeArgs.Select(Redact)) : "") + ")" : "")}"
            + (journal is null ? "" : $", journal {journal.Describe}");
        return (target, figures);
    }

    /// <summary>Keeps connection strings (which may hold passwords) and secrets out of the report.</summary>
    private static string Redact(string arg) =>
        arg.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) || arg.Contains("Secret", StringComparison.OrdinalIgnoreCase)
            || arg.Contains("Key", StringComparison.OrdinalIgnoreCase) || arg.Contains("Token", StringComparison.OrdinalIgnoreCase)
            ? arg[..(arg.IndexOf('=') + 1)] + "***"
            : arg;
}
