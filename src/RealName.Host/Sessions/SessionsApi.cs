using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RealName.Actors.Security;
using RealName.Actors.Sessions;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
using RealName.Host.Contract;
using RealName.Host.Http;
using RealName.Host.Http.Idempotency;
using RealName.Host.Http.RateLimits;

namespace RealName.Host.Sessions;

/// <summary>The frontend's session endpoints (API key required).</summary>
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sessions").AddSingletonFilter<ApiKeyFilter>().WithTags("Sessions");
        // Not .Idempotent(): a creation's Idempotency-Key is its session's own (ADR 0014; Create).
        group.MapPost("/", Create).RequireScope(ApiScopes.Sessions)
            .Operation("createSession", "Create a verification session", "Opens a session for an account and a method. With `Idempotency-Key`, a retry with the same body "
                + "answers the first answer again, byte for byte, for as long as the session is kept (at least the contract's 24 h; on any node, after a restart), "
                + "and spends no budget; the same key with another body is `409 idempotency_conflict`.")
            .Body<CreateSessionRequest>().Produces<SessionDto>(StatusCodes.Status201Created).Fails(400, 409, 503);
        group.MapSessionRoutes();
        return group;
    }

    /// <summary>
    /// The calls on one session (<c>{id}/…</c>), shared by the frontend's API (API key) and the hosted
    /// page's API (<c>/verify/api/{id}/…</c>, page grant): one set of handlers, two ways in.
    /// </summary>
    public static RouteGroupBuilder MapSessionRoutes(this RouteGroupBuilder group)
    {
        // Scopes matter to API keys only (the page's cookie opens its own session's calls).
        group.MapGet("/{id}", Get).RequireScope(ApiScopes.Read)
            .Operation("getSession", "Read a session", "The session, personal data masked.").Session().Fails(404, 503);
        group.MapPost("/{id}/identity", SubmitIdentity).RequireScope(ApiScopes.Sessions).Idempotent()
            .Operation("submitIdentity", "Submit the identity details", "Per method: `face`: name, idNumber; `mobile`: + phone; `bank_card`: + bankCard, phone; `associate`: groupAccount; "
                + "`legal_person_face`: subjectType, enterpriseName, creditCode, legalPersonName, legalPersonIdNumber; `corporate_account`: subjectType, enterpriseName, creditCode, bankName, accountNumber. "
                + "An answer that issues a QR carries `qr.scanUrl` once.")
            .Body<IdentityRequest>().Session().Fails(400, 404, 409, 422, 503);
        group.MapPost("/{id}/code", SubmitCode).RequireScope(ApiScopes.Sessions).Idempotent()
            .Operation("submitCode", "Check the SMS code").Body<CodeRequest>().Session().Fails(400, 404, 409, 422, 503);
        group.MapPost("/{id}/code/resend", ResendCode).RequireScope(ApiScopes.Sessions).Idempotent()
            .Operation("resendCode", "Send a new SMS code", "After the cooldown; sooner: 429 resend_too_soon with Retry-After.").Session().Fails(404, 409, 503);
        group.MapPost("/{id}/authorize", Authorize).RequireScope(ApiScopes.Sessions).Idempotent()
            .Operation("authorizeSync", "Copy the sister group's verification (group_sync) or its verified enterprise (enterprise_sync)").Session().Fails(404, 409, 422, 503);
        group.MapPost("/{id}/amount", SubmitAmount).RequireScope(ApiScopes.Sessions).Idempotent()
            .Operation("submitAmount", "Check the micro-payment amount (corporate_account)").Body<AmountRequest>().Session().Fails(400, 404, 409, 422, 503);
        group.MapPost("/{id}/qr", RefreshQr).RequireScope(ApiScopes.Sessions).Idempotent()
            .Operation("refreshQr", "Issue a new QR token", "The old token dies; the answer carries `qr.scanUrl` once.").Session().Fails(404, 409, 503);
        group.MapGet("/{id}/qr.svg", QrImage).RequireScope(ApiScopes.Sessions) // it carries the live QR token
            .Operation("getQrImage", "The QR image", "SVG encoding the scan URL with the live token.")
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml").Fails(404, 409, 503);
        group.MapPost("/{id}/cancel", Cancel).RequireScope(ApiScopes.Sessions).Idempotent()
            .Operation("cancelSession", "Cancel a session").Session().Fails(404, 409, 503);
        group.MapGet("/{id}/events", SessionEventStream.Stream).RequireScope(ApiScopes.Read)
            .Operation("streamSessionEvents", "Follow a session's status", "`text/event-stream`: one `status` event (the session object as data) per status change; ends at a terminal status.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream").Fails(404, 503);
        return group;
    }

    public static async Task<Results<Created<SessionDto>, ProblemHttpResult, RefusalHttpResult>> Create(HttpRequest request, SessionGateway gateway, ClusterBudgets budgets, IOptions<RealNameOptions> options, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey)
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
            return Problems.Invalid("method must be one of face, mobile, bank_card, group_sync, associate, legal_person_face, corporate_account, enterprise_sync.");
        if (body.ReturnUrl is not null && !ReturnUrls.IsAllowed(body.ReturnUrl, options.Value.AllowedReturnOrigins))
            return Problems.For(ErrorCodes.InvalidReturnUrl, "returnUrl must be an absolute http(s) URL under one of the allowed origins (RealName:AllowedReturnOrigins).");
        if (idempotencyKey is { Length: > IdempotencyFilter.MaxKeyLength })
            return Problems.Invalid($"Idempotency-Key must be at most {IdempotencyFilter.MaxKeyLength} characters.");
        var ct = request.HttpContext.RequestAborted;
        var by = CallerName.Of(request.HttpContext);

        // A creation's Idempotency-Key is its session's (ADR 0014): the key names the session, whose journal keeps
        // the request it was created with, so a retry — on any node, after any restart — answers the first answer
        // again and spends no budget: with budgets on, the session is asked first whether it already exists.
        var keyed = !string.IsNullOrEmpty(idempotencyKey);
        var sessionId = keyed ? SessionId.FromIdempotencyKey(ApiKeyScope(request), idempotencyKey!) : SessionId.New();
        if (keyed && budgets.Settings.Enabled)
        {
            var (replayed, refusal) = await OpenAsync(gateway, sessionId, accountId, method, by, ct, body.ReturnUrl, replayOnly: true);
            if (replayed is not null)
                return TypedResults.Created($"/v1/sessions/{replayed.Id}", gateway.CreationDto(replayed));
            if (refusal is not { Code: ErrorCodes.SessionNotFound })
                return refusal is null ? SessionGateway.Unavailable() : Problems.For(refusal);
        }
        if (await budgets.TrySpendAsync(Budget.SessionsPerAccount, accountId.Value, ct) is { } limited)
            return limited;

        var (view, error) = await OpenAsync(gateway, sessionId, accountId, method, by, ct, body.ReturnUrl);
        if (view is null)
            return error is null ? SessionGateway.Unavailable() : Problems.For(error);
        return TypedResults.Created($"/v1/sessions/{view.Id}", gateway.CreationDto(view));
    }

    /// <summary>
    /// Opens a session for an account and method — or, when it exists, answers what its creation answered (the same
    /// request) or <c>idempotency_conflict</c>: the view, or the session's error; neither when it did not answer.
    /// <paramref name="replayOnly"/>: create nothing (<c>session_not_found</c> when there is no such session yet).
    /// Shared with the hosted page's change of method.
    /// </summary>
    internal static async Task<(SessionProtocol.SessionView? View, SessionError? Error)> OpenAsync(
        SessionGateway gateway, SessionId sessionId, AccountId accountId, VerificationMethod method, string? by, CancellationToken ct, string? returnUrl = null, bool replayOnly = false)
    {
        // The return URL is part of the body an Idempotency-Key stands for (absent: the hash of before).
        var hashed = accountId.Value + "\n" + method.WireName() + (returnUrl is null ? "" : "\n" + returnUrl);
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hashed)));
        var reply = await gateway.AskAsync(new SessionProtocol.Create(sessionId.Value, accountId.Value, method, requestHash, by, returnUrl, replayOnly), ct);
        return reply switch
        {
            { Error: { } error } => (null, error),
            { Session: { } view } => (view, null),
            _ => (null, null),
        };
    }

    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult, RefusalHttpResult>> Get(string id, SessionGateway gateway, CancellationToken ct) =>
        !SessionId.TryParse(id, out var sessionId)
            ? NotFound()
            : Answer(await gateway.ReadAsync(sessionId.Value, ct), gateway);

    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult, RefusalHttpResult>> SubmitIdentity(string id, HttpRequest request, SessionGateway gateway, TimeProvider clock, SupportedBanks banks, ClusterBudgets budgets)
    {
        if (!SessionId.TryParse(id, out var sessionId))
            return NotFound();
        var (body, problem) = await RequestBody.ReadAsync(request, HostJsonContext.Default.IdentityRequest);
        if (problem is not null)
            return problem;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (submit, invalid) = body!.IsEnterprise
            ? EnterpriseFields.Validate(sessionId.Value, body, today)
            : IdentityFields.Validate(sessionId.Value, body, today, banks);
        if (invalid is not null)
            return invalid;
        if (await SpendSubjectBudgetsAsync(submit!, budgets, request.HttpContext.RequestAborted) is { } limited)
            return limited;
        var by = CallerName.Of(request.HttpContext);
        submit = submit switch
        {
            SessionProtocol.SubmitIdentity identity => identity with { By = by },
            SessionProtocol.SubmitEnterprise enterprise => enterprise with { By = by },
            _ => submit,
        };
        return Answer(await gateway.AskAsync(submit!, request.HttpContext.RequestAborted), gateway);
    }

    /// <summary>
    /// The budgets of what the submission names, across sessions: its ID number, its P5 target group
    /// account, its E2 credit code and corporate account. Subjects are keyed by HMAC in
    /// <see cref="ClusterBudgets"/>: no number is ever kept.
    /// </summary>
    private static async Task<RefusalHttpResult?> SpendSubjectBudgetsAsync(SessionProtocol.ISessionMessage submit, ClusterBudgets budgets, CancellationToken ct)
    {
        switch (submit)
        {
            case SessionProtocol.SubmitIdentity identity:
                if (identity.IdNumber is { } idNumber && await budgets.TrySpendAsync(Budget.SubmissionsPerIdNumber, idNumber.Value, ct) is { } perId)
                    return perId;
                if (identity.GroupAccount is { } group && await budgets.TrySpendAsync(Budget.SubmissionsPerGroupAccount, group.Value, ct) is { } perGroup)
                    return perGroup;
                return null;
            case SessionProtocol.SubmitEnterprise { AccountNumber: { } accountNumber } enterprise:
                // E2: each submission sends a micro-payment and opens three amount guesses for its credit code.
                if (await budgets.TrySpendAsync(Budget.SubmissionsPerCreditCode, enterprise.CreditCode, ct) is { } perCredit)
                    return perCredit;
                return await budgets.TrySpendAsync(Budget.SubmissionsPerCorporateAccount, enterprise.BankName + "\n" + accountNumber.Value, ct);
            default:
                return null;
        }
    }

    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult, RefusalHttpResult>> SubmitCode(string id, HttpRequest request, SessionGateway gateway)
    {
        if (!SessionId.TryParse(id, out var sessionId))
            return NotFound();
        var (body, problem) = await RequestBody.ReadAsync(request, HostJsonContext.Default.CodeRequest);
        if (problem is not null)
            return problem;
        if (body!.Code is not { Length: 6 } code || !code.All(char.IsAsciiDigit))
            return Problems.Invalid("code must be the 6 digits of the SMS.");
        return Answer(await gateway.AskAsync(new SessionProtocol.SubmitCode(sessionId.Value, new Sensitive(code), CallerName.Of(request.HttpContext)), request.HttpContext.RequestAborted), gateway);
    }

    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult, RefusalHttpResult>> SubmitAmount(string id, HttpRequest request, SessionGateway gateway)
    {
        if (!SessionId.TryParse(id, out var sessionId))
            return NotFound();
        var (body, problem) = await RequestBody.ReadAsync(request, HostJsonContext.Default.AmountRequest);
        if (problem is not null)
            return problem;
        if (body!.Amount is not { Length: 4 } amount || !amount.StartsWith("0.", StringComparison.Ordinal) || !amount[2..].All(char.IsAsciiDigit) || amount == "0.00")
            return Problems.Invalid("amount must be the yuan amount received, \"0.01\" to \"0.99\".");
        if (body.Remark?.Trim().ToUpperInvariant() is not { } remark || !SessionRules.IsRemark(remark))
            return Problems.Invalid("remark must be the 6-character code of the payment's remark (A–Z, 2–9).");
        var fen = int.Parse(amount[2..], System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Answer(await gateway.AskAsync(new SessionProtocol.SubmitAmount(sessionId.Value, new Sensitive(fen), new Sensitive(remark), CallerName.Of(request.HttpContext)), request.HttpContext.RequestAborted), gateway);
    }

    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult, RefusalHttpResult>> ResendCode(string id, HttpContext http, SessionGateway gateway, CancellationToken ct) =>
        !SessionId.TryParse(id, out var sessionId)
            ? NotFound()
            : Answer(await gateway.AskAsync(new SessionProtocol.ResendCode(sessionId.Value, CallerName.Of(http)), ct), gateway);

    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult, RefusalHttpResult>> Authorize(string id, HttpContext http, SessionGateway gateway, CancellationToken ct) =>
        !SessionId.TryParse(id, out var sessionId)
            ? NotFound()
            : Answer(await gateway.AskAsync(new SessionProtocol.Authorize(sessionId.Value, CallerName.Of(http)), ct), gateway);

    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult, RefusalHttpResult>> RefreshQr(string id, HttpContext http, SessionGateway gateway, CancellationToken ct) =>
        !SessionId.TryParse(id, out var sessionId)
            ? NotFound()
            : Answer(await gateway.AskAsync(new SessionProtocol.RefreshQr(sessionId.Value, CallerName.Of(http)), ct), gateway);

    public static async Task<Results<Ok<SessionDto>, ProblemHttpResult, RefusalHttpResult>> Cancel(string id, HttpContext http, SessionGateway gateway, CancellationToken ct) =>
        !SessionId.TryParse(id, out var sessionId)
            ? NotFound()
            : Answer(await gateway.AskAsync(new SessionProtocol.Cancel(sessionId.Value, CallerName.Of(http)), ct), gateway);

    public static async Task<Results<ContentHttpResult, ProblemHttpResult, RefusalHttpResult>> QrImage(string id, SessionGateway gateway, CancellationToken ct)
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

    /// <summary>
    /// A session view, or the refusal; answers that issued a QR carry its scan URL once. Answers to
    /// callers other than the platform (the face provider) leave out the page <c>url</c>: its link
    /// token opens the user's page.
    /// </summary>
    internal static Results<Ok<SessionDto>, ProblemHttpResult, RefusalHttpResult> Answer(SessionProtocol.SessionReply? reply, SessionGateway gateway, bool withPageUrl = true) =>
        reply is { Error: null, Session: { } view }
            ? TypedResults.Ok(withPageUrl ? gateway.ToDto(view, reply.QrSecret) : gateway.ToDto(view, reply.QrSecret) with { Url = null })
            : Refused(reply);

    /// <summary>The refusal of a reply without a session: no answer in time (503), the session's error, or no such session.</summary>
    internal static RefusalHttpResult Refused(SessionProtocol.SessionReply? reply) => reply switch
    {
        null => SessionGateway.Unavailable(),
        { Error: { } error } => Problems.For(error),
        _ => NotFound(),
    };

    private static ProblemHttpResult NotFound() => Problems.For(ErrorCodes.SessionNotFound, "No such session.");

    /// <summary>Idempotency keys are scoped per API key (the one matched, not the header's spelling), so two platforms cannot collide.</summary>
    private static string ApiKeyScope(HttpRequest request) =>
        request.HttpContext.Items[ApiKeyFilter.KeyScopeItem] as string ?? "";
}
