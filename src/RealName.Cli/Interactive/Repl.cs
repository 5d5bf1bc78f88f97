using System.CommandLine.Parsing;
using RealName.Cli.Commands;
using RealName.Cli.Connection;
using RealName.Contracts;
using Spectre.Console;

namespace RealName.Cli.Interactive;

/// <summary>
/// The interactive prompt (<c>realname-ctl 127.0.0.1:9110</c>): checks the connection once,
/// then reads a command per line and runs it like a one-shot invocation. Ctrl-C stops the
/// running command (e.g. <c>cluster tail</c>), not the prompt; <c>exit</c> or Ctrl-D leaves.
/// On a terminal lines are edited with history (↑/↓); otherwise they are read plainly from stdin.
/// </summary>
internal sealed class Repl(CliSession session, Func<IReadOnlyList<string>, bool, CancellationToken, Task<int>> execute)
{
    private readonly object _gate = new();
    private CancellationTokenSource? _running;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var io = session.IO;
        string self;
        try
        {
            var status = session.Read(await session.Client.GetAsync("admin/cluster/status", ct), ContractJsonContext.Default.ClusterStatusDto);
            self = status.Address;
            io.Console.Line($"Connected to {self} ({status.Status}{(status.IsLeader ? ", leader" : "")}) through {session.Client.Node.Authority}.");
        }
        catch (AdminException ex)
        {
            return session.Fail(ex.Message);
        }
        io.Console.Line("Type a command (help lists them, exit leaves).");

        var prompt = $"realname@{session.Client.Node.Authority}> ";
        var editor = io.KeyReader is { } keys ? new LineEditor(keys, io.Out) : null;
        while (!ct.IsCancellationRequested)
        {
            string? line;
            if (editor is not null)
            {
                line = editor.ReadLine(prompt);
            }
            else
            {
                io.Out.Write(prompt);
                line = await io.In.ReadLineAsync(ct);
                // Echo what was read, so a piped session reads like a terminal transcript.
                io.Out.WriteLine(line);
            }
            if (line is null)
                return CliSession.Ok;
            var tokens = CommandLineParser.SplitCommandLine(line).ToList();
            if (tokens.Count == 0)
                continue;
            if (tokens is ["exit"] or ["quit"])
                return CliSession.Ok;
            if (tokens[0] == "help")
                tokens = [.. tokens.Skip(1), "--help"];
            await RunOneAsync(tokens, ct);
        }
        return CliSession.Ok;
    }

    /// <summary>Stops the command that is running, if any; false when the prompt is idle.</summary>
    public bool CancelCurrent()
    {
        lock (_gate)
        {
            if (_running is null)
                return false;
            _running.Cancel();
            return true;
        }
    }

    private async Task RunOneAsync(IReadOnlyList<string> tokens, CancellationToken ct)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lock (_gate)
            _running = running;
        try
        {
            await execute(tokens, true, running.Token);
        }
        finally
        {
            lock (_gate)
                _running = null;
        }
    }
}
