using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RealName.Actors.Sessions;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
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
        group.MapPost("/{id}/code", SubmitCode);
        group.MapPost("/{id}/code/resend", ResendCode);
        group.MapPost("/{id}/authorize", Authorize);
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
        if (method.IsEnterprise())
            return Problems.Invalid($"The method '{method.WireName()}' is not served by this version yet.");
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

    public static async Task<IResult> SubmitIdentity(string id, HttpRequest request, SessionGateway gateway, TimeProvider clock, IOptions<RealNameOptions> options)
    {
        if (!SessionId.TryParse(id, out var sessionId))
            return NotFound();
        var (body, problem) = await RequestBody.ReadAsync(request, HostJsonContext.Default.IdentityRequest);
        if (problem is not null)
            return problem;
        var (submit, invalid) = IdentityFields.Validate(sessionId.Value, body!, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), options.Value.Banks);
        return invalid ?? Answer(await gateway.AskAsync(submit!, request.HttpContext.RequestAborted), gateway);
    }

    public static async Task<IResult> SubmitCode(string id, HttpRequest request, SessionGateway gateway)
    {
        if (!SessionId.TryParse(id, out var sessionId))
            return NotFound();
        var (body, problem) = await RequestBody.ReadAsync(request, HostJsonContext.Default.CodeRequest);
        if (problem is not null)
            return problem;
        if (body!.Code is not { Length: 6 } code || !code.All(char.IsAsciiDigit))
            return Problems.Invalid("code must be the 6 digits of the SMS.");
        return Answer(await gateway.AskAsync(new SessionProtocol.SubmitCode(sessionId.Value, new Sensitive(code)), request.HttpContext.RequestAborted), gateway);
    }

    public static async Task<IResult> ResendCode(string id, SessionGateway gateway, CancellationToken ct) =>
        !SessionId.TryParse(id, out var sessionId)
            ? NotFound()
            : Answer(await gateway.AskAsync(new SessionProtocol.ResendCode(sessionId.Value), ct), gateway);

    public static async Task<IResult> Authorize(string id, SessionGateway gateway, CancellationToken ct) =>
        !SessionId.TryParse(id, out var sessionId)
            ? NotFound()
            : Answer(await gateway.AskAsync(new SessionProtocol.Authorize(sessionId.Value), ct), gateway);

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
