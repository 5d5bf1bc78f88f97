using RealName.Cli;

namespace RealName.Cli.Tests.Infrastructure;

/// <summary>What one run of the CLI printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Output)
{
    public CliResult AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"Expected exit code 0 but got {ExitCode}:\n{Output}");
        return this;
    }

    public CliResult AssertFailed(int exitCode, string expectedText)
    {
        Assert.True(ExitCode == exitCode, $"Expected exit code {exitCode} but got {ExitCode}:\n{Output}");
        Assert.Contains(expectedText, Output);
        return this;
    }
}

/// <summary>Runs <c>realname-ctl</c> in-process, exactly as its <c>Main</c> does, with the output captured.</summary>
public static class RealNameCtl
{
    public static Task<CliResult> RunAsync(params string[] args) => RunAsync(args, "", CancellationToken.None);

    /// <param name="input">What the interactive prompt reads from stdin (not a terminal).</param>
    public static async Task<CliResult> RunAsync(IReadOnlyList<string> args, string input, CancellationToken ct)
    {
        var output = new SynchronizedStringWriter();
        var exit = await CliApp.RunAsync(args, CliIO.Captured(output, new StringReader(input)), ct);
        return new CliResult(exit, output.ToString());
    }
}

/// <summary>A string writer safe to read while a streaming command (cluster tail) still writes to it.</summary>
public sealed class SynchronizedStringWriter : StringWriter
{
    private readonly object _gate = new();

    public override void Write(char value)
    {
        lock (_gate)
            base.Write(value);
    }

    public override void Write(string? value)
    {
        lock (_gate)
            base.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
            base.Write(buffer, index, count);
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
            base.WriteLine(value);
    }

    public override string ToString()
    {
        lock (_gate)
            return base.ToString();
    }
}
