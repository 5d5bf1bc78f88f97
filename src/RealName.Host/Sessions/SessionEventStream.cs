using System.Text.Json;
using RealName.Actors.Sessions;
using RealName.Domain.Sessions;
using RealName.Host.Http;
using RealName.Host.Http.RateLimits;

namespace RealName.Host.Sessions;

/// <summary>
/// <c>GET /v1/sessions/{id}/events</c>: one <c>status</c> event per status change, ending at a
/// terminal status. It polls through the shard region rather than subscribing to the entity, so
/// it keeps working when the entity passivates or moves to another node.
/// </summary>
public static class SessionEventStream
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task<IResult> Stream(string id, HttpContext context, SessionGateway gateway, TimeProvider clock, StreamGate gate)
    {
        if (!SessionId.TryParse(id, out var sessionId))
            return Problems.For(ErrorCodes.SessionNotFound, "No such session.");
        // Capped before anything is asked: a flood of streams costs a counter, not a poll loop each.
        var (lease, refused) = gate.TryOpen(sessionId.Value, RateLimiting.ClientKey(context.Connection.RemoteIpAddress));
        if (refused is not null)
            return refused;
        using var _ = lease;
        var ct = context.RequestAborted;
        var first = await gateway.ReadAsync(sessionId.Value, ct);
        if (first is null)
            return SessionGateway.Unavailable();
        if (first.Session is null)
            return Problems.For(first.Error ?? new SessionError(ErrorCodes.SessionNotFound, "No such session."));

        context.Response.Headers.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var reply = first;
        SessionStatus? last = null;
        var lastWrite = clock.GetUtcNow();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (reply?.Session is { } view && view.Status != last)
                {
                    last = view.Status;
                    var data = HostJson.Serialize(gateway.ToDto(view, null)); // as GET /v1/sessions/{id} writes the session
                    await context.Response.WriteAsync($"event: status\ndata: {data}\n\n", ct);
                    await context.Response.Body.FlushAsync(ct);
                    lastWrite = clock.GetUtcNow();
                    if (view.Status.IsTerminal())
                        break;
                }
                else if (clock.GetUtcNow() - lastWrite > Heartbeat)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", ct);
                    await context.Response.Body.FlushAsync(ct);
                    lastWrite = clock.GetUtcNow();
                }
                await Task.Delay(PollInterval, ct);
                reply = await gateway.ReadAsync(sessionId.Value, ct);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away; nothing to clean up.
        }
        return Results.Empty;
    }
}
