using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RealName.Actors.Idempotency;
using RealName.Domain.Idempotency;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;

namespace RealName.Host.Http.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> on a public POST: the same key with the same request (method, path and
/// body) answers the first answer again, byte for byte, for 24 h; with another request it is
/// <c>409 idempotency_conflict</c>; while the first still runs, <c>409 idempotency_in_progress</c>.
/// Records live in the cluster (<see cref="IdempotencyBucket"/>, sharded by a hash of the API key
/// and the key), so a retry that reaches another node finds them. Runs after the API key filter.
/// </summary>
public sealed class IdempotencyFilter(IRequiredActor<IdempotencyMarker> region, IOptions<RealNameOptions> options, ILogger<IdempotencyFilter> log) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 255;

    private readonly IdempotencySettings _settings = options.Value.Idempotency;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0 || http.Items[ApiKeyFilter.KeyScopeItem] is not string scope)
            return await next(context); // no key, or not the platform's API (the hosted page's calls)
        if (key.Length > MaxKeyLength)
            return Problems.Invalid($"Idempotency-Key must be at most {MaxKeyLength} characters.");

        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IdempotentBodyLimit>()?.MaxBytes ?? RequestBody.MaxBytes;
        var (requestHash, tooLarge) = await HashRequestAsync(http.Request, limit);
        if (tooLarge is not null)
            return tooLarge;
        var entity = IdempotencyKeys.For(scope, key);

        IdempotencyProtocol.Started started;
        try
        {
            started = await region.ActorRef.Ask<IdempotencyProtocol.Started>(
                new IdempotencyProtocol.Start(entity, requestHash!, (long)_settings.RunningFor.TotalMilliseconds), _settings.Timeout, http.RequestAborted);
        }
        catch (AskTimeoutException)
        {
            log.LogWarning("The idempotency region did not answer within {Timeout}; refused with 503", _settings.Timeout);
            return Problems.For(new SessionError(Problems.IdempotencyUnavailable, "Idempotency keys cannot be checked right now; retry with the same key.", RetryAfterSeconds: 1));
        }

        switch (Enum.Parse<IdempotencyOutcome>(started.Outcome))
        {
            case IdempotencyOutcome.Conflict:
                return Problems.For(ErrorCodes.IdempotencyConflict, "The Idempotency-Key was already used with a different request.");
            case IdempotencyOutcome.InProgress:
                return Problems.For(new SessionError(Problems.IdempotencyInProgress, "A request with this Idempotency-Key is still running; retry shortly.", RetryAfterSeconds: 1));
            case IdempotencyOutcome.Replay:
                return new StoredResult(started.Status, started.ContentType, started.Location, started.RetryAfter, started.Body?.Value ?? "");
        }

        // Fresh: run the request, write its answer into a buffer, keep it, then send it.
        var result = await next(context);
        var answer = await StoredResult.CaptureAsync(http, result);
        region.ActorRef.Tell(new IdempotencyProtocol.Complete(entity, requestHash!, (long)_settings.Retention.TotalMilliseconds,
            answer.Status, answer.ContentType, answer.Location, answer.RetryAfter, new Sensitive(answer.Body)));
        return answer;
    }

    /// <summary>
    /// The request's hash (method, path, body) with the body left for the handler to read again
    /// (buffered, on disk beyond 30 KB, and rewound), within the route's body limit. The SHA-256 of
    /// UTF-8 <c>"{method} {path}\n"</c> and the body; read through a pooled chunk, since every keyed
    /// POST passes here (a new 16 KB array each was a quarter of what a session creation allocated).
    /// </summary>
    private static async Task<(string? Hash, IResult? TooLarge)> HashRequestAsync(HttpRequest request, long limit)
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

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooLarge(long limit) => Problems.Invalid($"The body is larger than {limit} bytes.");

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

/// <summary>The most body bytes a keyed route hashes (the route's own limit; JSON routes: <see cref="RequestBody.MaxBytes"/>).</summary>
public sealed record IdempotentBodyLimit(long MaxBytes);

public static class IdempotencyRoutes
{
    /// <summary>Honours <c>Idempotency-Key</c> on this POST (<see cref="IdempotencyFilter"/>), hashing at most <paramref name="maxBodyBytes"/> of its body.</summary>
    public static RouteHandlerBuilder Idempotent(this RouteHandlerBuilder route, long maxBodyBytes = RequestBody.MaxBytes) =>
        route.WithMetadata(new IdempotentBodyLimit(maxBodyBytes)).AddSingletonFilter<IdempotencyFilter>();
}
