using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace RealName.Host.Http.Idempotency;

/// <summary>What an <c>Idempotency-Key</c> is bound to: the hash of the request it first came with (<see cref="IdempotencyFilter"/>).</summary>
public static class RequestHash
{
    /// <summary>
    /// The request's hash (method, path, body) with the body left for the handler to read again
    /// (buffered, on disk beyond 30 KB, and rewound), within the route's body limit. The SHA-256 of
    /// UTF-8 <c>"{method} {path}\n"</c> and the body; read through a pooled chunk, since every keyed
    /// POST passes here (a new 16 KB array each was a quarter of what a session creation allocated).
    /// </summary>
    public static async Task<(string? Hash, ProblemHttpResult? TooLarge)> ComputeAsync(HttpRequest request, long limit)
    {
        if (limit > RequestBody.MaxBytes && request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = limit;
        if (request.ContentLength > limit)
            return (null, TooLarge(limit));
        request.EnableBuffering(30 * 1024, limit);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendRequestLine(sha, request.Method, request.Path.Value ?? "");
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, ChunkBytes), request.HttpContext.RequestAborted)) > 0)
            {
                total += read;
                if (total > limit)
                    return (null, TooLarge(limit));
                sha.AppendData(chunk, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or BadHttpRequestException)
        {
            return (null, TooLarge(limit)); // over the buffer's or the server's body limit
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        request.Body.Position = 0;
        return (HexOf(sha), null);
    }

    private const int ChunkBytes = 16 * 1024;

    private static ProblemHttpResult TooLarge(long limit) => Problems.Invalid($"The body is larger than {limit} bytes.");

    private static void AppendRequestLine(IncrementalHash sha, string method, string path)
    {
        var most = Encoding.UTF8.GetMaxByteCount(method.Length + path.Length + 2);
        Span<byte> line = most <= 1024 ? stackalloc byte[most] : new byte[most];
        var length = Encoding.UTF8.GetBytes(method, line);
        line[length++] = (byte)' ';
        length += Encoding.UTF8.GetBytes(path, line[length..]);
        line[length++] = (byte)'\n';
        sha.AppendData(line[..length]);
    }

    private static string HexOf(IncrementalHash sha)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        sha.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }
}
