using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RealName.Actors.Sessions;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Host.Http;

namespace RealName.Host.Sessions;

/// <summary>The frontend's session endpoints (API key required).</summary>
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sessions").AddEndpointFilter<ApiKeyFilter>().WithTags("Sessions");
        group.MapPost("/", Create);
        group.MapGet("/{id}", Get);
        group.MapPost("/{id}/identity", SubmitIdentity);
        group.MapPost("/{id}/qr", RefreshQr);
        group.MapGet("/{id}/qr.svg", QrImage);
        group.MapPost("/{id}/cancel", Cancel);
        group.MapGet("/{id}/events", SessionEventStream.Stream);
        return group;
    }

    public static async Task<IResult> Create(HttpRequest request, SessionGateway gateway, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey)
    {
        var (bytes, problem) = await RequestBody.ReadBytesAsync(request);
        if (problem is not null)
            return problem;
        var (body, parseProblem) = RequestBody.Parse(bytes!, HostJsonContext.Default.CreateSessionRequest);
        if (parseProblem is not null)
            return parseProblem;
        if (!AccountId.TryParse(body!.AccountId, out var accountId))
            return Problems.Invalid($"accountId must be 1–{AccountId.MaxLength} characters of letters, digits, '_', '-' or '.'.");
        if (!VerificationMethods.TryParse(body.Method, out var method))
            return Problems.Invalid("method must be one of face, mobile, bank_card, group_sync, associate, legal_person_face, corporate_account.");
        if (method != VerificationMethod.Face)
            return Problems.Invalid($"The method '{method.WireName()}' is not served by this version yet; use 'face'.");
        if (idempotencyKey is { Length: > 255 })
            return Problems.Invalid("Idempotency-Key must be at most 255 characters.");

        var requestHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accountId.Value + "\n" + method.WireName())));
        var sessionId = string.IsNullOrEmpty(idempotencyKey) ? SessionId.New() : SessionId.FromIdempotencyKey(ApiKeyScope(request), idempotencyKey);
        var reply = await gateway.AskAsync(new SessionProtocol.Create(sessionId.Value, accountId.Value, method, requestHash), request.HttpContext.RequestAborted);
        return reply switch
        {
            null => SessionGateway.Unavailable(),
            { Error: { } error } => Problems.For(error),
            { Session: { } view } => TypedResults.Created($"/v1/sessions/{view.Id}", gateway.ToDto(view, null)),
            _ => SessionGateway.Unavailable(),
        };
    }

    public static async Task<IResult> Get(string id, SessionGateway gateway, CancellationToken ct) =>
        !SessionId.TryParse(id, out var sessionId)
            ? NotFound()
            : Answer(await gateway.AskAsync(new SessionProtocol.Get(sessionId.Value), ct), gateway);

    public static async Task<IResult> SubmitIdentity(string id, HttpRequest request, SessionGateway gateway, TimeProvider clock)
    {
        if (!SessionId.TryParse(id, out var sessionId))
            return NotFound();
        var (body, problem) = await RequestBody.ReadAsync(request, HostJsonContext.Default.FaceIdentityRequest);
        if (problem is not null)
            return problem;
        if (!PersonName.TryParse(body!.Name, out var name))
            return Problems.For(ErrorCodes.InvalidName, "name must be 2–30 Chinese characters, with '·' only between parts.");
        if (!IdNumber.TryParse(body.IdNumber, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), out var idNumber))
            return Problems.For(ErrorCodes.InvalidIdNumber, "idNumber must be an 18-character resident ID number with a valid region, birth date and check character.");
        var reply = await gateway.AskAsync(
            new SessionProtocol.SubmitIdentity(sessionId.Value, new Sensitive(name.Value), new Sensitive(idNumber.Value)),
            request.HttpContext.RequestAborted);
        return Answer(reply, gateway);
    }

    public static async Task<IResult> RefreshQr(string id, SessionGateway gateway, CancellationToken ct) =>
        !SessionId.TryParse(id, out var sessionId)
            ? NotFound()
            : Answer(await gateway.AskAsync(new SessionProtocol.RefreshQr(sessionId.Value), ct), gateway);

    public static async Task<IResult> Cancel(string id, SessionGateway gateway, CancellationToken ct) =>
        !SessionId.TryParse(id, out var sessionId)
            ? NotFound()
            : Answer(await gateway.AskAsync(new SessionProtocol.Cancel(sessionId.Value), ct), gateway);

    public static async Task<IResult> QrImage(string id, SessionGateway gateway, CancellationToken ct)
    {
        if (!SessionId.TryParse(id, out var sessionId))
            return NotFound();
        var reply = await gateway.AskAsync(new SessionProtocol.GetQrSecret(sessionId.Value), ct);
        if (reply is null)
            return SessionGateway.Unavailable();
        if (reply.Error is { } error)
            return Problems.For(error);
        return TypedResults.Text(QrSvg.Render(gateway.ScanUrl(sessionId.Value, reply.QrSecret!)), "image/svg+xml");
    }

    /// <summary>A session view, or the refusal; answers that issued a QR carry its scan URL once.</summary>
    internal static IResult Answer(SessionProtocol.SessionReply? reply, SessionGateway gateway) => reply switch
    {
        null => SessionGateway.Unavailable(),
        { Error: { } error } => Problems.For(error),
        { Session: { } view } => TypedResults.Ok(gateway.ToDto(view, reply.QrSecret)),
        _ => NotFound(),
    };

    private static ProblemHttpResult NotFound() => Problems.For(ErrorCodes.SessionNotFound, "No such session.");

    /// <summary>Idempotency keys are scoped per API key (the one matched, not the header's spelling), so two platforms cannot collide.</summary>
    private static string ApiKeyScope(HttpRequest request) =>
        request.HttpContext.Items[ApiKeyFilter.KeyScopeItem] as string ?? "";
}
