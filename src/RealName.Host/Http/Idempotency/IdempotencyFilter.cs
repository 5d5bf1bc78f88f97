using Akka.Actor;
using Akka.Hosting;
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
/// and the key), so a retry that reaches another node finds them: an answer is sent once its record holds it.
/// Runs after the API key filter. Not on
/// <c>POST /v1/sessions</c>: a create's key names its session, which answers its retries itself (ADR 0014).
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
        var (requestHash, tooLarge) = await RequestHash.ComputeAsync(http.Request, limit);
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
        await KeepAsync(new IdempotencyProtocol.Complete(entity, requestHash!, (long)_settings.Retention.TotalMilliseconds,
            answer.Status, answer.ContentType, answer.Location, answer.RetryAfter, new Sensitive(answer.Body)));
        return answer;
    }

    /// <summary>
    /// Waits until the key's bucket holds the answer: a caller that has the answer and retries through another
    /// node gets it again, never <c>idempotency_in_progress</c>. The request has run, so a bucket that does not
    /// answer in time does not hold the answer back; a retry then waits out <c>RunningFor</c> and runs again.
    /// </summary>
    private async Task KeepAsync(IdempotencyProtocol.Complete complete)
    {
        try
        {
            await region.ActorRef.Ask<IdempotencyProtocol.Kept>(complete, _settings.Timeout);
        }
        catch (AskTimeoutException)
        {
            log.LogWarning("The idempotency region did not keep an answer within {Timeout}; sent it unkept", _settings.Timeout);
        }
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
