using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using RealName.Domain.Sessions;

namespace RealName.Abuse.Campaign;

/// <summary>One request of the campaign; <see cref="Personal"/> are the valid personal values it carries.</summary>
public sealed record FuzzRequest(
    HttpMethod Method,
    string Path,
    byte[]? Body,
    string Mutation,
    string? ContentType,
    string? ApiKey,
    string? Signature,
    IReadOnlyList<string> Personal,
    bool HeadersOnly = false)
{
    /// <summary>For violation reports: method, path (truncated), mutation; never the body.</summary>
    public string Describe() => $"{Method} {(Path.Length > 80 ? Path[..80] + "…" : Path)} [{Mutation}, {ContentType ?? "no content type"}]";
}

/// <summary>An answer's status and JSON body (when it had one).</summary>
public sealed record Answer(int Status, JsonElement? Json);

/// <summary>The properties every answer must hold, whatever was sent.</summary>
public static class AnswerProperties
{
    /// <summary>The contract's error codes plus the two for requests that reach no endpoint.</summary>
    public static readonly IReadOnlySet<string> ContractCodes = typeof(ErrorCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .Concat(["not_found", "method_not_allowed"])
        .ToHashSet(StringComparer.Ordinal);

    public static Answer Check(FuzzRequest request, HttpResponseMessage response, string text, IReadOnlyCollection<string> personal, CampaignResult result)
    {
        var status = (int)response.StatusCode;
        JsonElement? json = null;
        if (text.Length > 0 && (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) ?? false))
        {
            try
            {
                json = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                result.Violation($"{request.Describe()}: {status} with a JSON content type but an unparsable body");
            }
        }
        var code = json is { ValueKind: JsonValueKind.Object } j && j.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;

        if (status >= 500 && !(status == 503 && code == ErrorCodes.ProviderUnavailable))
            result.Violation($"{request.Describe()}: {status} {code ?? "(no code)"}");
        if (status == 400 && text.Length == 0 && request.Path.Contains("%00", StringComparison.Ordinal))
        {
            // Kestrel itself refuses a request target with a NUL before any middleware runs: a bare 400, no body to shape.
            result.ProtocolRefusals++;
        }
        else if (status is >= 400 and < 500)
        {
            if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                result.Violation($"{request.Describe()}: {status} is not problem+json");
            else if (code is null || !ContractCodes.Contains(code))
                result.Violation($"{request.Describe()}: {status} with code '{code}' outside the contract");
        }
        if (status == (int)HttpStatusCode.TooManyRequests)
        {
            result.RateLimited += code == ErrorCodes.RateLimited ? 1 : 0;
            if (code is ErrorCodes.RateLimited or ErrorCodes.ResendTooSoon && response.Headers.RetryAfter is null)
                result.Violation($"{request.Describe()}: 429 {code} without Retry-After");
        }
        if (request.Signature is not null && code == ErrorCodes.BadSignature)
            result.ReplaysRejected++;
        CheckRedaction(request, text, json, personal, result);
        return new Answer(status, json);
    }

    /// <summary>No submitted personal value in clear: in the raw text nor in any decoded JSON string (which may be \u-escaped).</summary>
    private static void CheckRedaction(FuzzRequest request, string text, JsonElement? json, IReadOnlyCollection<string> personal, CampaignResult result)
    {
        if (text.Length == 0)
            return;
        var strings = new StringBuilder(text);
        if (json is { } root)
            Collect(root, strings);
        var all = strings.ToString();
        foreach (var value in personal)
        {
            if (all.Contains(value, StringComparison.Ordinal))
            {
                result.Violation($"{request.Describe()}: the answer carries a submitted personal value in clear");
                return;
            }
        }
        result.RedactionsVerified++;
    }

    private static void Collect(JsonElement element, StringBuilder into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                into.Append('\n').Append(element.GetString());
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    Collect(property.Value, into);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    Collect(item, into);
                break;
        }
    }
}
