using System.Security.Cryptography;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Actors.Appeals;
using RealName.Actors.Providers;
using RealName.Actors.Security;
using RealName.Contracts;
using RealName.Contracts.Appeals;
using RealName.Domain.Appeals;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Host.Admin;
using RealName.Host.Configuration;
using RealName.Host.Contract;
using RealName.Host.Http;
using RealName.Host.Http.Idempotency;
using RealName.Host.Http.RateLimits;
using RealName.Host.Sessions;

namespace RealName.Host.Appeals;

/// <summary>
/// P6: a person whose ID verifies another account files an appeal (public, API key); an
/// operator approves or rejects it on the admin port.
/// </summary>
public static class AppealsApi
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapAppealsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/appeals").AddSingletonFilter<ApiKeyFilter>().RequireScope(ApiScopes.Appeals).WithTags("Appeals");
        group.MapPost("/", Open).Idempotent().Operation("openAppeal", "File an appeal", "A person whose ID card verifies another account asks for it; the authority checks the name and ID number first.")
            .Body<AppealRequest>().Produces<AppealDto>(StatusCodes.Status201Created).Fails(400, 409, 422, 503);
        group.MapGet("/{id}", Get).Operation("getAppeal", "Read an appeal", "The appeal, masked.").Produces<AppealDto>(StatusCodes.Status200OK).Fails(404, 503);
        group.MapAppealEvidence();
        return app;
    }

    /// <summary>The operator's side: list, approve, reject (admin port only).</summary>
    public static RouteGroupBuilder MapAppealsAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/appeals", List).Produces<AppealListDto>();
        admin.MapPost("/appeals/{id}/approve", (string id, HttpRequest request, IRequiredActor<AppealDeskMarker> desk) => Decide(id, request, desk, approve: true)).Produces<AppealDto>();
        admin.MapPost("/appeals/{id}/reject", (string id, HttpRequest request, IRequiredActor<AppealDeskMarker> desk) => Decide(id, request, desk, approve: false)).Produces<AppealDto>();
        return admin.MapAppealEvidenceAdmin();
    }

    public static async Task<Results<Ok<AppealDto>, Created<AppealDto>, ProblemHttpResult, RefusalHttpResult>> Open(HttpRequest request, IRequiredActor<AppealDeskMarker> desk, IIdentityAuthority authority, RealNameSecrets secrets, TimeProvider clock, ClusterBudgets budgets)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, HostJsonContext.Default.AppealRequest);
        if (problem is not null)
            return problem;
        return await OpenAsync(body!, request, desk, authority, secrets, clock, budgets);
    }

    /// <summary>Files a read appeal: the public API's, and the hosted page's for its session's account.</summary>
    public static async Task<Results<Ok<AppealDto>, Created<AppealDto>, ProblemHttpResult, RefusalHttpResult>> OpenAsync(AppealRequest body, HttpRequest request, IRequiredActor<AppealDeskMarker> desk, IIdentityAuthority authority, RealNameSecrets secrets, TimeProvider clock, ClusterBudgets budgets)
    {
        if (!AccountId.TryParse(body.AccountId, out var accountId))
            return Problems.Invalid("accountId is not a valid account id.");
        var (name, nameProblem) = IdentityFields.Name(body.Name ?? "", "name");
        if (nameProblem is not null)
            return nameProblem;
        var (idNumber, idProblem) = IdentityFields.Id(body.IdNumber ?? "", "idNumber", DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        if (idProblem is not null)
            return idProblem;
        if (string.IsNullOrWhiteSpace(body.Contact) || body.Contact.Length > 128)
            return Problems.Invalid("contact is required (at most 128 characters).");
        if (string.IsNullOrWhiteSpace(body.Reason) || body.Reason.Length > AppealRules.MaxReasonLength)
            return Problems.Invalid($"reason is required (at most {AppealRules.MaxReasonLength} characters).");

        // Budgets before the authority's call: per client address, then per appellant account.
        var ct = request.HttpContext.RequestAborted;
        if (RateLimiting.ClientKey(request.HttpContext.Connection.RemoteIpAddress) is { } client
            && await budgets.TrySpendAsync(Budget.AppealsPerIp, client, ct) is { } perIp)
            return perIp;
        if (await budgets.TrySpendAsync(Budget.AppealsPerAccount, accountId.Value, ct) is { } perAccount)
            return perAccount;

        // The authority first: an appeal is filed by the person, so a name that does not go with the
        // number learns nothing of the number's holder (the desk's answer names it, masked).
        if (await AuthorityRefusal(authority, name!.Value.Value, idNumber!.Value.Value, request.HttpContext.RequestAborted) is { } refused)
            return refused;
        var appealId = "ap_" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz234567", 20);
        var open = new AppealProtocol.Open(appealId, accountId.Value, name!.Value, idNumber!.Value,
            IdKeys.Compute(secrets.IdKeySecret, idNumber.Value.Value), new Sensitive(body.Contact.Trim()), body.Reason.Trim());
        var reply = await AskAsync<AppealProtocol.AppealReply>(desk, open, request.HttpContext.RequestAborted);
        return reply switch
        {
            null => SessionGateway.Unavailable(),
            { Error: { } error } => Problems.For(error),
            // One open appeal per account and ID number: the same appeal filed again answers the open one.
            { Appeal: { } appeal } when appeal.Id != appealId => TypedResults.Ok(ToDto(appeal)),
            { Appeal: { } appeal } => TypedResults.Created($"/v1/appeals/{appeal.Id}", ToDto(appeal)),
            _ => SessionGateway.Unavailable(),
        };
    }

    private static async Task<ProblemHttpResult?> AuthorityRefusal(IIdentityAuthority authority, string name, string idNumber, CancellationToken ct)
    {
        try
        {
            return await authority.CheckAsync(name, idNumber, ct) switch
            {
                IdentityCheckOutcome.Match => null,
                IdentityCheckOutcome.Mismatch => Problems.For(ErrorCodes.NameIdMismatch, ErrorMessages.For(ErrorCodes.NameIdMismatch)),
                _ => Problems.For(ErrorCodes.ProviderUnavailable, ErrorMessages.For(ErrorCodes.ProviderUnavailable)),
            };
        }
        catch (ProviderUnavailableException)
        {
            return Problems.For(ErrorCodes.ProviderUnavailable, ErrorMessages.For(ErrorCodes.ProviderUnavailable));
        }
    }

    public static async Task<Results<Ok<AppealDto>, ProblemHttpResult, RefusalHttpResult>> Get(string id, IRequiredActor<AppealDeskMarker> desk, CancellationToken ct) =>
        id.Length > 64 ? NoSuchAppeal() : Answer(await AskAsync<AppealProtocol.AppealReply>(desk, new AppealProtocol.Get(id), ct));

    public static async Task<Results<Ok<AppealListDto>, ProblemHttpResult>> List(IRequiredActor<AppealDeskMarker> desk, CancellationToken ct) =>
        await AskAsync<AppealProtocol.AppealList>(desk, AppealProtocol.List.Instance, ct) is { } list
            ? TypedResults.Ok(new AppealListDto(list.Appeals.Select(ToDto).ToList()))
            : SessionGateway.Unavailable();

    private static async Task<Results<Ok<AppealDto>, ProblemHttpResult, RefusalHttpResult>> Decide(string id, HttpRequest request, IRequiredActor<AppealDeskMarker> desk, bool approve)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, ContractJsonContext.Default.AppealDecisionRequest);
        if (problem is not null)
            return problem;
        if (string.IsNullOrWhiteSpace(body!.Reason) || body.Reason.Length > AppealRules.MaxReasonLength)
            return Problems.Invalid($"reason is required (at most {AppealRules.MaxReasonLength} characters).");
        var by = AdminTokenFilter.OperatorName(request.HttpContext);
        object message = approve ? new AppealProtocol.Approve(id, body.Reason.Trim(), by) : new AppealProtocol.Reject(id, body.Reason.Trim(), by);
        return Answer(await AskAsync<AppealProtocol.AppealReply>(desk, message, request.HttpContext.RequestAborted));
    }

    /// <summary>The desk's answer; no answer in time is <c>503</c> (nothing was decided), an unknown appeal <c>404</c>.</summary>
    private static Results<Ok<AppealDto>, ProblemHttpResult, RefusalHttpResult> Answer(AppealProtocol.AppealReply? reply) => reply switch
    {
        null => SessionGateway.Unavailable(),
        { Error: { Code: ErrorCodes.InvalidRequest } } => NoSuchAppeal(),
        { Error: { } error } => Problems.For(error),
        { Appeal: { } appeal } => TypedResults.Ok(ToDto(appeal)),
        _ => SessionGateway.Unavailable(),
    };

    private static ProblemHttpResult NoSuchAppeal() => Problems.For(Problems.NotFound, "No such appeal.");

    private static async Task<T?> AskAsync<T>(IRequiredActor<AppealDeskMarker> desk, object message, CancellationToken ct) where T : class
    {
        try
        {
            return await desk.ActorRef.Ask<T>(message, AskTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    internal static AppealDto ToDto(AppealProtocol.AppealView a) => new(
        a.Id, a.AccountId, a.Status.ToString().ToLowerInvariant(), a.MaskedName is null ? null : new MaskedIdentity(a.MaskedName, a.MaskedIdNumber), a.MaskedHolder,
        a.Reason, a.OpenedAt, a.DecidedAt, a.Decision, a.MaskedName is null ? true : null, a.DecidedBy);
}
