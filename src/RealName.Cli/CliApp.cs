using System.CommandLine;
using RealName.Cli.Commands;
using RealName.Cli.Connection;
using RealName.Cli.Interactive;

namespace RealName.Cli;

/// <summary>
/// <c>realname-ctl [--token &lt;admin token&gt;] &lt;host:port&gt; [command …] [--json]</c>: with a
/// command, runs it once (exit code 0 done, 1 the node refused or could not be reached, 2 a usage
/// error); without one, opens the interactive prompt, like pbm.
/// </summary>
internal static class CliApp
{
    public const string TokenVariable = "REALNAME_ADMIN_TOKEN";
    public const string SandboxToken = "rn_test_admin";

    /// <param name="onInteractive">Receives the prompt once it exists, so the process can route Ctrl-C to it.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliIO io, CancellationToken ct, Action<Repl>? onInteractive = null)
    {
        var rest = args.ToList();
        if (rest.Count == 0 || rest[0] is "-h" or "--help" or "-?" or "help")
        {
            WriteUsage(io);
            return rest.Count == 0 ? CliSession.Usage : CliSession.Ok;
        }
        if (!TakeToken(rest, out var token, out var tokenProblem))
            return Usage(io, tokenProblem!);
        if (rest.Count == 0)
            return Usage(io, "Name the node's admin port, e.g. 127.0.0.1:9110.");
        if (IsCommandName(rest[0]) || !NodeEndpoint.TryParse(rest[0], out var node))
            return Usage(io, $"'{rest[0]}' is not a node address: name the node's admin port first (host:port, e.g. 127.0.0.1:9110).");
        rest.RemoveAt(0);

        using var client = new AdminClient(node, token ?? Environment.GetEnvironmentVariable(TokenVariable) ?? SandboxToken);
        var session = new CliSession(client, io);
        var root = CommandCatalog.Build(session);
        if (rest.Count > 0)
            return await ExecuteAsync(root, session, rest, interactive: false, ct);

        var repl = new Repl(session, (tokens, interactive, token) => ExecuteAsync(root, session, tokens, interactive, token));
        onInteractive?.Invoke(repl);
        return await repl.RunAsync(ct);
    }

    /// <summary>Parses and runs one command; unknown commands get a suggestion, other parse errors the parser's words.</summary>
    public static async Task<int> ExecuteAsync(RootCommand root, CliSession session, IReadOnlyList<string> tokens, bool interactive, CancellationToken ct)
    {
        var parse = root.Parse(tokens);
        if (parse.Errors.Count > 0)
        {
            if (Suggestions.UnknownCommand(root, tokens) is var (unknown, suggestion))
            {
                var hint = suggestion is null ? "" : $" Did you mean '{suggestion}'?";
                session.IO.Error.WriteLine($"error: Unknown command '{unknown}'.{hint} ('help' lists the commands.)");
                return CliSession.Usage;
            }
            var target = parse.CommandResult.Command;
            if (target.Subcommands.Count > 0 && target.Action is null)
                session.IO.Error.WriteLine($"error: '{target.Name}' needs one of: {string.Join(", ", target.Subcommands.Select(c => c.Name))}.");
            else
                foreach (var error in parse.Errors)
                    session.IO.Error.WriteLine("error: " + error.Message);
            var command = string.Join(' ', parse.CommandResult.Command.Name == root.Name ? [] : CommandPath(parse.CommandResult));
            session.IO.Error.WriteLine($"See '{(command.Length == 0 ? "" : command + " ")}--help'.");
            return CliSession.Usage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = session.IO.Out,
            Error = session.IO.Error,
            // The prompt routes Ctrl-C to the running command itself; one-shot runs let the parser do it.
            ProcessTerminationTimeout = interactive ? null : TimeSpan.FromSeconds(2),
        };
        return await parse.InvokeAsync(configuration, ct);
    }

    /// <summary>A top-level command where the address should be: the operator forgot the address.</summary>
    private static bool IsCommandName(string word) => CommandCatalog.Offline.Subcommands.Any(c => c.Name == word);

    private static Stack<string> CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var current = result; current.Parent is System.CommandLine.Parsing.CommandResult parent; current = parent)
            names.Push(current.Command.Name);
        return names;
    }

    private static bool TakeToken(List<string> args, out string? token, out string? problem)
    {
        token = null;
        problem = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--token=", StringComparison.Ordinal))
            {
                token = args[i]["--token=".Length..];
                args.RemoveAt(i);
                return true;
            }
            if (args[i] != "--token")
                continue;
            if (i + 1 >= args.Count)
            {
                problem = "--token needs a value.";
                return false;
            }
            token = args[i + 1];
            args.RemoveRange(i, 2);
            return true;
        }
        return true;
    }

    private static int Usage(CliIO io, string problem)
    {
        io.Error.WriteLine("error: " + problem);
        io.Error.WriteLine("Usage: realname-ctl [--token <admin token>] <host:port> [command] [--json]   (realname-ctl --help)");
        return CliSession.Usage;
    }

    private static void WriteUsage(CliIO io)
    {
        io.Out.WriteLine("""
            realname-ctl — RealName's ops command line (pbm-style), through a node's admin port.

            Usage:
              realname-ctl [--token <admin token>] <host:port> [command] [--json]

              Without a command it opens an interactive prompt (↑/↓ history, 'help', 'exit').
              <host:port> is the node's admin listener (RealName:AdminUrl, default 127.0.0.1:9110).
              The admin token is --token, else $REALNAME_ADMIN_TOKEN, else the sandbox token rn_test_admin.
              --json prints the node's answer as JSON instead of a table.

            Commands:
            """);
        var leaves = CommandCatalog.Leaves(CommandCatalog.Offline).ToList();
        var width = leaves.Max(l => l.Name.Length);
        foreach (var (name, description) in leaves)
            io.Out.WriteLine($"  {name.PadRight(width)}  {description}");
    }
}
