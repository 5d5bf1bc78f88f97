using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RealName.Actors.Providers;
using RealName.Actors.Sessions;
using RealName.Contracts;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
using RealName.Host.Contract;
using RealName.Host.Http;
using RealName.Host.Http.RateLimits;
using RealName.Host.Sessions;

namespace RealName.Host.Callbacks;

/// <summary>The signed callbacks: the app's scan and the face provider's result.</summary>
public static class CallbacksApi
{
    public static IEndpointRouteBuilder MapCallbacksApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/scan", Scan).WithTags("Callbacks").Signed("app's secret (AppSecret)")
            .Operation("scan", "The app scanned a QR code", "Binds the scan (→ `scanned`) and starts a face check bound to the session's identity; the app runs the provider's liveness capture with `face.bizToken`.")
            .Body<ScanRequest>().Produces<ScanAnswer>(StatusCodes.Status200OK).Fails(400, 404, 409, 410, 429, 503);
        app.MapPost("/v1/face-results", FaceResult).WithTags("Callbacks").Signed("face provider's secret (FaceSecret)")
            .Operation("submitFaceResult", "The face provider's result", "Accepted only for a `bizToken` RealName issued for the session's current scan (404 face_check_unknown otherwise, 409 face_check_used once used). "
                + "In `http` mode only a wake-up: RealName fetches the verdict from the provider and decides on that.")
            .Body<FaceResultRequest>().Session().Fails(400, 404, 409, 422, 429, 503);
        return app;
    }

    public static async Task<Results<Ok<ScanAnswer>, ProblemHttpResult, RefusalHttpResult>> Scan(HttpRequest request, SessionGateway gateway, NonceStore nonces, TimeProvider clock, IOptions<RealNameOptions> options, ClusterBudgets budgets)
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
        // Per token, not per session: junk scans naming a session cannot spend its genuine token's budget.
        if (await budgets.TrySpendAsync(Budget.ScansPerToken, sessionId + "." + tokenHash, request.HttpContext.RequestAborted) is { } limited)
            return limited;

        var reply = await gateway.AskAsync(new SessionProtocol.Scan(sessionId, tokenHash, body.AppUserId, Callers.App), request.HttpContext.RequestAborted);
        return reply switch
        {
            null => SessionGateway.Unavailable(),
            { Error: { Code: ErrorCodes.SessionNotFound } } => Problems.For(ErrorCodes.QrUnknown, "The QR code is not known."),
            { Error: { } error } => Problems.For(error),
            { Session: { } view } => TypedResults.Ok(ScanAnswerOf(view, reply)),
            _ => SessionGateway.Unavailable(),
        };
    }

    /// <summary>
    /// A face result: accepted only for a <c>bizToken</c> RealName obtained for a session's current
    /// scan. The provider's verdict (fetched from it in <c>http</c> mode) names the session by the
    /// reference RealName gave when it started the check; the session compares the token's hash.
    /// </summary>
    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult, RefusalHttpResult>> FaceResult(HttpRequest request, SessionGateway gateway, IFaceVerifier face, NonceStore nonces, TimeProvider clock, IOptions<RealNameOptions> options)
    {
        var (bytes, problem) = await ReadSigned(request, options.Value.FaceSecret, "face", nonces, clock);
        if (problem is not null)
            return problem;
        var (body, parseProblem) = RequestBody.Parse(bytes!, HostJsonContext.Default.FaceResultRequest);
        if (parseProblem is not null)
            return parseProblem;
        if (body!.BizToken is not { Length: > 0 and <= 256 } bizToken)
            return Problems.Invalid("bizToken is required (at most 256 characters).");
        if (body.Passed is not { } passed || body.Liveness is not { } liveness)
            return Problems.Invalid("passed and liveness are required.");
        if (body.Similarity is not { } similarity || double.IsNaN(similarity) || similarity is < 0 or > 1)
            return Problems.Invalid("similarity is required, between 0 and 1.");
        if (body.ProviderRef is { Length: > 128 })
            return Problems.Invalid("providerRef must be at most 128 characters.");

        FaceVerdict? verdict;
        try
        {
            verdict = await face.VerdictAsync(new FaceCallback(bizToken, passed, similarity, liveness, body.ProviderRef ?? ""), request.HttpContext.RequestAborted);
        }
        catch (ProviderUnavailableException)
        {
            return Problems.For(ErrorCodes.ProviderUnavailable, "The face provider did not confirm the result; retry the callback later.");
        }
        if (verdict is null || !SessionId.TryParse(verdict.Reference, out var sessionId))
            return Problems.For(ErrorCodes.FaceCheckUnknown, ErrorMessages.For(ErrorCodes.FaceCheckUnknown));

        var message = new SessionProtocol.FaceResult(sessionId.Value, SessionRules.HashToken(verdict.BizToken), verdict.Passed, verdict.Similarity, verdict.Liveness, verdict.ProviderRef, Callers.FaceProvider);
        var reply = await gateway.AskAsync(message, request.HttpContext.RequestAborted);
        return reply switch
        {
            { Error: { Code: ErrorCodes.SessionNotFound } } => Problems.For(ErrorCodes.FaceCheckUnknown, ErrorMessages.For(ErrorCodes.FaceCheckUnknown)),
            _ => SessionsApi.Answer(reply, gateway, withPageUrl: false),
        };
    }

    private static ScanAnswer ScanAnswerOf(SessionProtocol.SessionView view, SessionProtocol.SessionReply reply)
    {
        var name = view.Method == VerificationMethod.LegalPersonFace ? view.MaskedLegalPerson : view.MaskedName;
        return new ScanAnswer(view.Id, view.Status.WireName(), name, new MaskedIdentity(view.MaskedName, view.MaskedIdNumber),
            reply is { FaceBizToken: { } bizToken, FaceExpiresAt: { } expiresAt } ? new FaceTicketDto(bizToken, expiresAt) : null);
    }

    private static async Task<(byte[]? Bytes, ProblemHttpResult? Problem)> ReadSigned(HttpRequest request, string secret, string scope, NonceStore nonces, TimeProvider clock)
    {
        var (bytes, problem) = await RequestBody.ReadBytesAsync(request);
        if (problem is not null)
            return (null, problem);
        var header = request.Headers[CallbackSignature.Header].ToString();
        if (!CallbackSignature.TryVerify(header, secret, bytes, clock.GetUtcNow(), out var nonce))
            return (null, Problems.For(ErrorCodes.BadSignature, "The signature is missing, wrong or outside the 300 s window."));
        switch (nonces.Remember(scope, nonce))
        {
            case NonceOutcome.Replayed:
                return (null, Problems.For(ErrorCodes.BadSignature, "The nonce was already used."));
            case NonceOutcome.Full:
                // Fail closed: a nonce that cannot be remembered could be replayed.
                return (null, Problems.For(Problems.ReplayGuardFull, "This node remembers as many callback nonces as it may; retry the callback later."));
        }
        return (bytes, null);
    }
}
