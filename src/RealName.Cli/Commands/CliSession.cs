using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using RealName.Cli.Connection;

namespace RealName.Cli.Commands;

/// <summary>
/// What every command's action needs: the node's admin client, where to write, and the
/// <c>--json</c> switch (recursive, so it works after any command). One per connection; the
/// interactive prompt reuses it for every line.
/// </summary>
internal sealed class CliSession(AdminClient client, CliIO io)
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;

    // UTF-8 as it is ("*三"), not \u escapes: the output is for people and scripts, never embedded in HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public AdminClient Client { get; } = client;

    public CliIO IO { get; } = io;

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the node's answer as JSON (for scripts) instead of a table.",
        Recursive = true,
    };

    /// <summary>GETs <paramref name="path"/> and prints it: as JSON with <c>--json</c>, else through <paramref name="render"/>.</summary>
    public Task<int> ShowAsync(ParseResult parse, string path, Action<JsonElement> render, CancellationToken ct) =>
        RunAsync(parse, () => Client.GetAsync(path, ct), render);

    /// <summary>POSTs <paramref name="jsonBody"/> to <paramref name="path"/> and prints the answer like <see cref="ShowAsync"/>.</summary>
    public Task<int> PostAsync(ParseResult parse, string path, string jsonBody, Action<JsonElement> render, CancellationToken ct) =>
        RunAsync(parse, () => Client.PostAsync(path, jsonBody, ct), render);

    public async Task<int> RunAsync(ParseResult parse, Func<Task<JsonElement>> call, Action<JsonElement> render)
    {
        try
        {
            var answer = await call();
            if (parse.GetValue(Json))
                WriteJson(answer, indented: true);
            else
                render(answer);
            return Ok;
        }
        catch (AdminException ex)
        {
            return Fail(ex.Message);
        }
    }

    public void WriteJson(JsonElement value, bool indented) =>
        IO.Out.WriteLine(JsonSerializer.Serialize(value, indented ? Indented : Compact));

    public int Fail(string message)
    {
        IO.Error.WriteLine("error: " + message);
        return Failed;
    }
}
