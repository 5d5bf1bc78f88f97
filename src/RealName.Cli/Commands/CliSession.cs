using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
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

    /// <summary>
    /// GETs <paramref name="path"/> and prints it: with <c>--json</c> the node's JSON as it came, else read
    /// into the contract type <typeparamref name="T"/> and shown through <paramref name="render"/>.
    /// </summary>
    public Task<int> ShowAsync<T>(ParseResult parse, string path, JsonTypeInfo<T> answer, Action<T> render, CancellationToken ct) =>
        RunAsync(parse, () => Client.GetAsync(path, ct), answer, render);

    /// <summary>POSTs <paramref name="body"/> to <paramref name="path"/> and prints the answer like <see cref="ShowAsync"/>.</summary>
    public Task<int> PostAsync<TBody, T>(ParseResult parse, string path, TBody body, JsonTypeInfo<TBody> bodyType, JsonTypeInfo<T> answer, Action<T> render, CancellationToken ct) =>
        RunAsync(parse, () => Client.PostAsync(path, JsonSerializer.Serialize(body, bodyType), ct), answer, render);

    /// <summary>POSTs an empty object (a command without parameters) and prints the answer like <see cref="ShowAsync"/>.</summary>
    public Task<int> PostAsync<T>(ParseResult parse, string path, JsonTypeInfo<T> answer, Action<T> render, CancellationToken ct) =>
        RunAsync(parse, () => Client.PostAsync(path, "{}", ct), answer, render);

    public async Task<int> RunAsync<T>(ParseResult parse, Func<Task<JsonElement>> call, JsonTypeInfo<T> type, Action<T> render)
    {
        try
        {
            var answer = await call();
            if (parse.GetValue(Json))
                WriteJson(answer, indented: true);
            else
                render(Read(answer, type));
            return Ok;
        }
        catch (AdminException ex)
        {
            return Fail(ex.Message);
        }
    }

    /// <summary>The node's answer as the contract type; an answer that does not fit it is an <see cref="AdminException"/>.</summary>
    public T Read<T>(JsonElement answer, JsonTypeInfo<T> type)
    {
        try
        {
            return answer.Deserialize(type) ?? throw new JsonException("null answer");
        }
        catch (JsonException)
        {
            throw new AdminException($"{Client.Node.Authority} answered with JSON this realname-ctl cannot read: is the node another version of RealName?");
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
