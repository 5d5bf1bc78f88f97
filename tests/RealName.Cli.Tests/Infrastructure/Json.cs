using System.Text.Json;

namespace RealName.Cli.Tests.Infrastructure;

public static class Json
{
    /// <summary>The CLI's <c>--json</c> output, parsed (it prints nothing else on success).</summary>
    public static JsonElement Parse(CliResult result)
    {
        result.AssertSucceeded();
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.Clone();
    }

    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
