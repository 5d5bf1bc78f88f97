using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Actors.Appeals;
using RealName.Actors.Providers;
using RealName.Actors.Security;
using RealName.Actors.Sessions;
using RealName.Contracts.Appeals;
using RealName.Host.Appeals;
using RealName.Host.Http;
using RealName.Host.Http.Idempotency;
using RealName.Host.Http.RateLimits;
using RealName.Host.Sessions;
using RealName.Persistence.Evidence;

namespace RealName.Host.Pages;

/// <summary>
/// The seeds' "Get back by appealing" on the hosted page (issue 19): after <c>409 id_already_verified</c>
/// the person files an appeal for the session's own account — the page names no account, so a page
/// grant can appeal for nothing else. Same checks, budgets and answer as <c>POST /v1/appeals</c>.
/// </summary>
public static class PageAppeals
{
    public static RouteGroupBuilder MapPageAppeals(this RouteGroupBuilder api)
    {
        api.MapPost("/{id}/appeals", Open);
        // Idempotency-Key honoured per page session (the page has no API key to scope it by).
        api.MapPost("/{id}/appeals/{appealId}/evidence", AddEvidence)
            .AddEndpointFilter((context, next) =>
            {
                context.HttpContext.Items[ApiKeyFilter.KeyScopeItem] = "page:" + context.HttpContext.Request.RouteValues["id"];
                return next(context);
            })
            .Idempotent(AppealEvidenceApi.MaxRequestBytes);
        return api;
    }

    public static async Task<Results<Ok<AppealDto>, Created<AppealDto>, ProblemHttpResult, RefusalHttpResult>> Open(string id, HttpRequest request, SessionGateway gateway, IRequiredActor<AppealDeskMarker> desk,
        IIdentityAuthority authority, RealNameSecrets secrets, TimeProvider clock, ClusterBudgets budgets)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, PagesJsonContext.Default.PageAppealRequest);
        if (problem is not null)
            return problem;
        var reply = await gateway.ReadAsync(id, request.HttpContext.RequestAborted);
        if (reply?.Session is not { } view)
            return SessionsApi.Refused(reply);
        var appeal = new AppealRequest(view.AccountId, body!.Name, body.IdNumber, body.Contact, body.Reason);
        return await AppealsApi.OpenAsync(appeal, request, desk, authority, secrets, clock, budgets);
    }

    /// <summary>
    /// The ownership certificate for an appeal filed from this page: the same limits and checks as
    /// <c>POST /v1/appeals/{id}/evidence</c>, for an appeal of the session's own account only.
    /// </summary>
    public static async Task<IResult> AddEvidence(string id, string appealId, HttpRequest request, SessionGateway gateway,
        IRequiredActor<AppealDeskMarker> desk, EvidenceStore store, SubjectKeys keys, TimeProvider clock)
    {
        var reply = await gateway.ReadAsync(id, request.HttpContext.RequestAborted);
        if (reply?.Session is not { } view)
            return SessionsApi.Answer(reply, gateway);
        return await AppealEvidenceApi.AddAsync(appealId, view.AccountId, request, desk, store, keys, clock);
    }
}

/// <summary>An appeal from the hosted page: the account is the session's.</summary>
public sealed record PageAppealRequest(string? Name, string? IdNumber, string? Contact, string? Reason);
