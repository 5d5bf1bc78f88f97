using System.CommandLine;
using System.Globalization;
using RealName.Cli.Commands;
using RealName.Contracts;
using RealName.Contracts.Admin;

namespace RealName.Cli.Log;

/// <summary>pbm's <c>log peek</c>: the connected node's recent log lines, from its in-memory ring.</summary>
internal static class LogCommands
{
    public static Command Create(CliSession session)
    {
        var log = new Command("log", "The node's log.");
        var lines = new Option<int>("--lines", "-n")
        {
            Description = "How many of the newest lines (the node keeps its last 1000).",
            DefaultValueFactory = _ => 50,
        };
        var peek = new Command("peek", "The node's recent log lines, oldest first (kept in memory; no personal data).") { lines };
        peek.SetAction((parse, ct) => session.ShowAsync(parse,
            "admin/log?lines=" + parse.GetValue(lines).ToString(CultureInfo.InvariantCulture), ContractJsonContext.Default.RecentLogDto, l => Show(session, l), ct));
        log.Subcommands.Add(peek);
        return log;
    }

    private static void Show(CliSession session, RecentLogDto log)
    {
        // Plain lines on Out, like a log file: Spectre would wrap long messages.
        foreach (var line in log.Lines)
            session.IO.Out.WriteLine($"{Render.Time(line.At)}  {line.Level,-11} {line.Category}: {line.Message}");
    }
}
