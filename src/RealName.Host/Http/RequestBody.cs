using System.Buffers;
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

    /// <summary>
    /// The whole body, at most <see cref="MaxBytes"/>. With a <c>Content-Length</c> (every client
    /// we know sends one) it is read straight into an array of that size; a chunked body goes
    /// through a pooled chunk. Either way the answer is one array of the body's length.
    /// </summary>
    public static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request)
    {
        var ct = request.HttpContext.RequestAborted;
        if (request.ContentLength is { } declared)
        {
            if (declared > MaxBytes)
                return (null, TooLarge());
            var bytes = new byte[declared];
            var read = await request.Body.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, ct);
            return (read == bytes.Length ? bytes : bytes[..read], null); // the server holds a body to its declared length
        }
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, 4096), ct)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                    return (null, TooLarge());
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return (buffer.ToArray(), null);
    }

    private static ProblemHttpResult TooLarge() => Problems.Invalid($"The body is larger than {MaxBytes} bytes.");

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
