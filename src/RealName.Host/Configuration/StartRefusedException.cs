namespace RealName.Host.Configuration;

/// <summary>
/// The node's configuration is refused at start. <see cref="Exception.Message"/> is what the
/// operator reads: one line per refused setting, naming the setting and never its value.
/// <c>Program</c> prints it to stderr and exits with <see cref="ExitCode"/>, without a stack trace.
/// </summary>
public sealed class StartRefusedException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems.Select(p => "RealName refused to start: " + p)))
{
    /// <summary>EX_CONFIG of sysexits.h: a configuration error.</summary>
    public const int ExitCode = 78;

    public StartRefusedException(string problem)
        : this([problem])
    {
    }

    /// <summary>The refused settings, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}
