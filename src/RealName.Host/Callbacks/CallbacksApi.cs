using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RealName.Actors.Sessions;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
using RealName.Host.Http;
using RealName.Host.Http.RateLimits;
using RealName.Host.Sessions;

namespace RealName.Host.Callbacks;

/// <summary>The signed callbacks: the app's scan and the face provider's result.</summary>
public static class CallbacksApi
{
    public static IEndpointRouteBuilder MapCallbacksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/scan", Scan).WithTags("Callbacks");
        app.MapPost("/v1/face-results", FaceResult).WithTags("Callbacks");
        return app;
    }

    public static async Task<IResult> Scan(HttpRequest request, SessionGateway gateway, NonceStore nonces, TimeProvider clock, IOptions<RealNameOptions> options, KeyedLimits limits)
    {
        var (bytes, problem) = await ReadSigned(request, options.Value.AppSecret, "scan", nonces, clock);
        if (problem is not null)
            return problem;
        var (body, parseProblem) = RequestBody.Parse(bytes!, HostJsonContext.Default.ScanRequest);
        if (parseProblem is not null)
            return parseProblem;
        if (string.IsNullOrWhiteSpace(body!.AppUserId) || body.AppUserId.Length > 128)
            return Problems.Invalid("appUserId is required (at most 128 characters).");
        if (!SessionGateway.TryParseToken(body.Token, out var sessionId, out var tokenHash))
            return Problems.For(ErrorCodes.QrUnknown, "The QR code is not known.");
        if (limits.TryAcquire(KeyedLimit.ScansPerSession, sessionId) is { } limited)
            return limited;

        var reply = await gateway.AskAsync(new SessionProtocol.Scan(sessionId, tokenHash, body.AppUserId, Callers.App), request.HttpContext.RequestAborted);
        return reply switch
        {
            null => SessionGateway.Unavailable(),
            { Error: { Code: ErrorCodes.SessionNotFound } } => Problems.For(ErrorCodes.QrUnknown, "The QR code is not known."),
            { Error: { } error } => Problems.For(error),
            { Session: { } view } => TypedResults.Ok(new ScanAnswer(view.Id, view.Status.WireName(), new MaskedIdentity(view.MaskedName, view.MaskedIdNumber))),
            _ => SessionGateway.Unavailable(),
        };
    }

    public static async Task<IResult> FaceResult(HttpRequest request, SessionGateway gateway, NonceStore nonces, TimeProvider clock, IOptions<RealNameOptions> options)
    {
        var (bytes, problem) = await ReadSigned(request, options.Value.FaceSecret, "face", nonces, clock);
        if (problem is not null)
            return problem;
        var (body, parseProblem) = RequestBody.Parse(bytes!, HostJsonContext.Default.FaceResultRequest);
        if (parseProblem is not null)
            return parseProblem;
        if (body!.Passed is not { } passed)
            return Problems.Invalid("passed is required.");
        if (body.Similarity is { } s && (double.IsNaN(s) || s is < 0 or > 1))
            return Problems.Invalid("similarity must be between 0 and 1.");
        if (body.ProviderRef is { Length: > 128 })
            return Problems.Invalid("providerRef must be at most 128 characters.");
        if (body.Reason is not (null or ErrorCodes.FaceMismatch or ErrorCodes.LivenessFailed))
            return Problems.Invalid("reason must be face_mismatch or liveness_failed.");
        if (!SessionGateway.TryParseToken(body.Token, out var sessionId, out var tokenHash))
            return Problems.For(ErrorCodes.QrUnknown, "The QR code is not known.");

        var message = new SessionProtocol.FaceResult(sessionId, tokenHash, passed, body.Similarity ?? 0, body.ProviderRef ?? "", passed ? null : body.Reason ?? ErrorCodes.FaceMismatch, Callers.FaceProvider);
        var reply = await gateway.AskAsync(message, request.HttpContext.RequestAborted);
        return reply switch
        {
            { Error: { Code: ErrorCodes.SessionNotFound } } => Problems.For(ErrorCodes.QrUnknown, "The QR code is not known."),
            _ => SessionsApi.Answer(reply, gateway, withPageUrl: false),
        };
    }

    private static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadSigned(HttpRequest request, string secret, string scope, NonceStore nonces, TimeProvider clock)
    {
        var (bytes, problem) = await RequestBody.ReadBytesAsync(request);
        if (problem is not null)
            return (null, problem);
        var header = request.Headers[CallbackSignature.Header].ToString();
        if (!CallbackSignature.TryVerify(header, secret, bytes, clock.GetUtcNow(), out var nonce))
            return (null, Problems.For(ErrorCodes.BadSignature, "The signature is missing, wrong or outside the 300 s window."));
        if (!nonces.TryRemember(scope, nonce))
            return (null, Problems.For(ErrorCodes.BadSignature, "The nonce was already used."));
        return (bytes, null);
    }
}
