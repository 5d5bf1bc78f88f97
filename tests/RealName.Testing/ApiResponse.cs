using System.Net;
using System.Text.Json;

namespace RealName.Testing;

/// <summary>A fully read HTTP answer: status, media type and the raw body text (parsed on demand).</summary>
public sealed class ApiResponse
{
    private JsonElement? _json;

    private ApiResponse(HttpStatusCode status, string? mediaType, string body, string? retryAfter, string? location)
    {
        Status = status;
        MediaType = mediaType;
        Body = body;
        RetryAfter = retryAfter;
        Location = location;
    }

    public HttpStatusCode Status { get; }

    public string? MediaType { get; }

    /// <summary>The raw response text, for asserting that no personal data leaked.</summary>
    public string Body { get; }

    public string? RetryAfter { get; }

    /// <summary>The <c>Location</c> header as sent (a creation's <c>/v1/sessions/vs_…</c>), or null.</summary>
    public string? Location { get; }

    public JsonElement Json => _json ??= ParseBody();

    public static async Task<ApiResponse> From(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, response.Headers.RetryAfter?.ToString(),
                response.Headers.Location?.OriginalString);
        }
    }

    /// <summary>The string at a property path (<c>Str("qr", "scanUrl")</c>), or null when absent or JSON null.</summary>
    public string? Str(params string[] path) => Find(path) is { ValueKind: JsonValueKind.String } e ? e.GetString() : null;

    /// <summary>The element at a property path, or null when a step is missing.</summary>
    public JsonElement? Find(params string[] path)
    {
        var current = Json;
        foreach (var step in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
                return null;
        }
        return current;
    }

    public bool IsNull(params string[] path) => Find(path) is not { } e || e.ValueKind == JsonValueKind.Null;

    public ApiResponse AssertStatus(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} {expected} but got {(int)Status} {Status}: {Body}");
        return this;
    }

    /// <summary>Asserts an <c>application/problem+json</c> answer with this status and contract code.</summary>
    public ApiResponse AssertProblem(HttpStatusCode status, string code)
    {
        AssertProblem(status);
        Assert.True(Str("code") == code, $"Expected code '{code}' but got '{Str("code")}': {Body}");
        return this;
    }

    /// <summary>Asserts an <c>application/problem+json</c> answer with this status and some contract code.</summary>
    public ApiResponse AssertProblem(HttpStatusCode status)
    {
        AssertStatus(status);
        Assert.Equal("application/problem+json", MediaType);
        Assert.Equal((int)status, Find("status")?.GetInt32());
        Assert.False(string.IsNullOrEmpty(Str("code")), $"The problem has no code: {Body}");
        return this;
    }

    /// <summary>Asserts that neither raw value occurs anywhere in the response text (also JSON-escaped).</summary>
    public ApiResponse AssertNoRawPersonalData(params string[] rawValues)
    {
        foreach (var raw in rawValues)
        {
            Assert.DoesNotContain(raw, Body, StringComparison.OrdinalIgnoreCase);
            var escaped = JsonSerializer.Serialize(raw).Trim('"');
            Assert.DoesNotContain(escaped, Body, StringComparison.OrdinalIgnoreCase);
        }
        return this;
    }

    public override string ToString() => $"{(int)Status} {MediaType} {Body}";

    private JsonElement ParseBody()
    {
        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"The body of {(int)Status} is not JSON: {Body}", ex);
        }
    }
}
