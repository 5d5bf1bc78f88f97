using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Domain.Sessions;

namespace RealName.Host.Http;

/// <summary>The one mapping from contract error codes to problem+json answers.</summary>
public static class Problems
{
    public static int StatusFor(string code) => code switch
    {
        ErrorCodes.InvalidRequest or ErrorCodes.InvalidIdNumber or ErrorCodes.InvalidName or ErrorCodes.InvalidPhone
            or ErrorCodes.InvalidBankCard or ErrorCodes.UnsupportedBank or ErrorCodes.InvalidCreditCode or ErrorCodes.InvalidReturnUrl => 400,
        ErrorCodes.Unauthorized or ErrorCodes.BadSignature => 401,
        ErrorCodes.Forbidden => 403,
        ErrorCodes.SessionNotFound or ErrorCodes.QrUnknown or ErrorCodes.FaceCheckUnknown or NotFound => 404,
        MethodNotAllowed => 405,
        ErrorCodes.IdAlreadyVerified or ErrorCodes.AccountAlreadyVerified or ErrorCodes.InvalidState or ErrorCodes.QrAlreadyScanned or ErrorCodes.FaceCheckUsed
            or ErrorCodes.IdempotencyConflict or IdempotencyInProgress or ErrorCodes.EvidenceLimitReached => 409,
        ErrorCodes.QrExpired or ErrorCodes.EvidenceErased => 410,
        ErrorCodes.EvidenceTooLarge => 413,
        ErrorCodes.UnsupportedEvidenceType => 415,
        ErrorCodes.NameIdMismatch or ErrorCodes.BelowMinimumAge or ErrorCodes.FaceMismatch or ErrorCodes.LivenessFailed or ErrorCodes.PhoneIdMismatch
            or ErrorCodes.BankCardMismatch or ErrorCodes.GroupAccountNotVerified or ErrorCodes.GroupAccountNoPhone
            or ErrorCodes.GroupNotLinked or ErrorCodes.EnterpriseNotLinked or ErrorCodes.EnterpriseNotVerified or ErrorCodes.CodeIncorrect or ErrorCodes.CodeExpired or ErrorCodes.EnterpriseMismatch
            or ErrorCodes.AmountIncorrect => 422,
        ErrorCodes.TooManyAttempts or ErrorCodes.RateLimited or ErrorCodes.ResendTooSoon => 429,
        ErrorCodes.ProviderUnavailable or PersonalDataUnreadable or BudgetUnavailable or StreamsBusy or ReplayGuardFull or IdempotencyUnavailable => 503,
        _ => 400,
    };

    public static ProblemHttpResult For(string code, string detail) => For(code, detail, budget: null);

    /// <summary>A session's refusal; with <c>Retry-After</c> when it says when to come back, and the spent budget's name when a budget refused.</summary>
    public static RefusalHttpResult For(SessionError error) => new(For(error.Code, error.Message, error.Budget), error.RetryAfterSeconds);

    private static ProblemHttpResult For(string code, string detail, string? budget)
    {
        var extensions = new Dictionary<string, object?> { ["code"] = code };
        if (budget is not null)
            extensions["budget"] = budget;
        return TypedResults.Problem(
            detail: detail,
            statusCode: StatusFor(code),
            title: code.Replace('_', ' '),
            type: "https://realname.dev/problems/" + code,
            extensions: extensions);
    }

    /// <summary>Codes for requests that reach no endpoint (an addition to the contract's table).</summary>
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>A stored personal value this node cannot decrypt (see <see cref="UnreadablePersonalDataHandler"/>).</summary>
    public const string PersonalDataUnreadable = "personal_data_unreadable";

    /// <summary>The cluster's budget region did not answer a spend in time: refused, never waved through (see <see cref="RateLimits.ClusterBudgets"/>).</summary>
    public const string BudgetUnavailable = "budget_unavailable";

    /// <summary>This node holds as many event streams as it is allowed (<c>RateLimits:StreamsPerNode</c>).</summary>
    public const string StreamsBusy = "streams_busy";

    /// <summary>The node's nonce store is at <c>RateLimits:MaxRememberedNonces</c>: a callback is refused rather than left replayable.</summary>
    public const string ReplayGuardFull = "replay_guard_full";

    /// <summary>The first request with this <c>Idempotency-Key</c> is still running (409, <c>Retry-After</c>).</summary>
    public const string IdempotencyInProgress = "idempotency_in_progress";

    /// <summary>The cluster's idempotency region did not answer in time: refused rather than run unguarded (503, <c>Retry-After</c>).</summary>
    public const string IdempotencyUnavailable = "idempotency_unavailable";

    /// <summary>
    /// Gives the framework's own empty 4xx answers (no such route, wrong method) a problem+json
    /// body with a stable code, like every other refusal.
    /// </summary>
    public static async Task WriteStatusCodeProblem(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var code = status switch
        {
            404 => NotFound,
            405 => MethodNotAllowed,
            401 => ErrorCodes.Unauthorized,
            _ => ErrorCodes.InvalidRequest,
        };
        var result = TypedResults.Problem(
            detail: status switch
            {
                404 => "No such endpoint; see /openapi/v1.json.",
                415 => "This route does not take a body of this Content-Type; see /openapi/v1.json.",
                _ => "The request was refused.",
            },
            statusCode: status,
            title: code.Replace('_', ' '),
            type: "https://realname.dev/problems/" + code,
            extensions: new Dictionary<string, object?> { ["code"] = code });
        await result.ExecuteAsync(context.HttpContext);
    }

    public static ProblemHttpResult Invalid(string detail) => For(ErrorCodes.InvalidRequest, detail);
}
