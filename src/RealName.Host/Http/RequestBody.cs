using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RealName.Host.Http;

/// <summary>
/// Reads JSON bodies ourselves rather than through parameter binding, so malformed, oversized
/// or non-UTF-8 input becomes our <c>invalid_request</c> problem and never a framework 400/500.
/// </summary>
public static class RequestBody
{
    public const int MaxBytes = 16 * 1024;

    public static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBytes)
            return (null, Problems.Invalid($"The body is larger than {MaxBytes} bytes."));
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                return (null, Problems.Invalid($"The body is larger than {MaxBytes} bytes."));
            buffer.Write(chunk, 0, read);
        }
        return (buffer.ToArray(), null);
    }

    public static (T? Value, ProblemHttpResult? Problem) Parse<T>(byte[] bytes, JsonTypeInfo<T> typeInfo) where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize(bytes, typeInfo);
            return value is null ? (null, Problems.Invalid("The body must be a JSON object.")) : (value, null);
        }
        catch (JsonException)
        {
            return (null, Problems.Invalid("The body is not valid JSON for this call."));
        }
        catch (InvalidOperationException)
        {
            return (null, Problems.Invalid("The body is not valid UTF-8 JSON."));
        }
    }

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo) where T : class
    {
        var (bytes, problem) = await ReadBytesAsync(request);
        return problem is not null ? (null, problem) : Parse(bytes!, typeInfo);
    }
}
