using System.Diagnostics;

namespace RealName.Host.Tests.Docs;

/// <summary>Runs a script the docs' specs build from the docs' own code blocks.</summary>
internal static class Bash
{
    public static async Task<(int Exit, string Output)> RunAsync(string script, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var bash = Process.Start(info)!;
        await bash.StandardInput.WriteAsync(script);
        bash.StandardInput.Close();
        var output = bash.StandardOutput.ReadToEndAsync();
        var errors = bash.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await bash.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            bash.Kill(entireProcessTree: true);
            throw new TimeoutException($"the script did not end within {timeout}:\n{await output}\n{await errors}");
        }
        return (bash.ExitCode, await output + await errors);
    }
}
