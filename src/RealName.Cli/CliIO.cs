using Spectre.Console;

namespace RealName.Cli;

/// <summary>
/// Where the CLI reads and writes. Tables and messages go through Spectre's <see cref="Console"/>;
/// JSON and streamed lines go to <see cref="Out"/> untouched (Spectre wraps long lines, which
/// would break JSON for scripts); errors go to <see cref="Error"/>.
/// </summary>
/// <param name="KeyReader">Reads keys for the interactive line editor; null when input is not a terminal.</param>
internal sealed record CliIO(IAnsiConsole Console, TextWriter Out, TextWriter Error, TextReader In, Func<ConsoleKeyInfo>? KeyReader)
{
    /// <summary>The process's console; tables are not wrapped narrower than 160 columns when output is redirected.</summary>
    public static CliIO ForProcess()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Out) });
        if (System.Console.IsOutputRedirected)
            console.Profile.Width = Math.Max(console.Profile.Width, 160);
        var keys = System.Console.IsInputRedirected ? null : new Func<ConsoleKeyInfo>(() => System.Console.ReadKey(intercept: true));
        return new CliIO(console, System.Console.Out, System.Console.Error, System.Console.In, keys);
    }

    /// <summary>Everything written to one writer, without colours or terminal control codes (tests, logs).</summary>
    public static CliIO Captured(TextWriter output, TextReader input, int width = 200)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = width;
        return new CliIO(console, output, output, input, null);
    }
}
