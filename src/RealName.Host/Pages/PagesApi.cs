using System.Text.Json.Serialization;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RealName.Actors.Identities;
using RealName.Actors.Providers;
using RealName.Actors.Sessions;
using RealName.Domain.Sessions;
using RealName.Host.Accounts;
using RealName.Host.Configuration;
using RealName.Host.Http;
using RealName.Host.Http.RateLimits;
using RealName.Host.Sessions;

namespace RealName.Host.Pages;

/// <summary>
/// The hosted verification page (issue 7): <c>GET /verify/{id}?lt=…</c> redeems the session URL's
/// link token for a page grant and redirects to the bare page, whose script then calls the same
/// session handlers as the frontend API under <c>/verify/api/{id}/…</c>. Not part of the public
/// contract, so not in the OpenAPI document.
/// </summary>
public static class PagesApi
{
    public static IServiceCollection AddRealNamePages(this IServiceCollection services)
    {
        services.AddSingleton<PageLinks>();
        services.AddSingleton<PageGrantFilter>();
        services.AddSingleton<AppStandIn.Forwarder>();
        services.AddHttpClient(AppStandIn.ClientName);
        return services;
    }

    public static IEndpointRouteBuilder MapPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/verify/{id}", Open).ExcludeFromDescription();
        app.MapGet("/verify/assets/{name}", PageAssets.Serve).ExcludeFromDescription();
        var api = app.MapGroup("/verify/api").AddSingletonFilter<PageGrantFilter>().ExcludeFromDescription();
        api.MapSessionRoutes();
        api.MapPost("/{id}/method", ChangeMethod);
        api.MapGet("/{id}/account", Account);
        api.MapPageAppeals();
        // The app stand-in signs callbacks with the app's and the face provider's secrets, for anyone:
        // only where those secrets are the published sandbox ones and the providers are the sandbox's.
        if (AppStandIn.IsServed(app.ServiceProvider.GetRequiredService<IOptions<RealNameOptions>>().Value))
            app.MapAppStandIn();
        return app;
    }

    /// <summary>
    /// With <c>lt</c>: redeems it (once) into the grant cookie and redirects to the bare page, so the
    /// token leaves the address bar and history. Without: the page, which learns from its first call
    /// whether it holds a grant.
    /// </summary>
    public static IResult Open(string id, string? lt, HttpContext context, PageLinks links)
    {
        if (!SessionId.TryParse(id, out var sessionId))
            return Problems.For(ErrorCodes.SessionNotFound, "No such session.");
        if (lt is not null)
        {
            if (links.TryRedeem(sessionId.Value, lt))
                links.SetGrantCookie(context.Response, sessionId.Value);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Redirect($"/verify/{sessionId.Value}", permanent: false, preserveMethod: false);
        }
        context.Response.Headers.CacheControl = "no-store";
        return PageAssets.Serve("verify.html", context.Response);
    }

    /// <summary>
    /// The page's method choice. A session's method is fixed when the platform opens it, so a change
    /// (only before any details were submitted) opens a new session for the same account, cancels the
    /// old one and moves the page grant to the new one.
    /// </summary>
    public static async Task<Results<Ok<SessionDto>, Created<SessionDto>, ProblemHttpResult, RefusalHttpResult>> ChangeMethod(string id, HttpRequest request, SessionGateway gateway, PageLinks links, ClusterBudgets budgets)
    {
        var ct = request.HttpContext.RequestAborted;
        var (body, problem) = await RequestBody.ReadAsync(request, PagesJsonContext.Default.MethodRequest);
        if (problem is not null)
            return problem;
        if (!VerificationMethods.TryParse(body!.Method, out var method))
            return Problems.Invalid("method must be one of face, mobile, bank_card, group_sync, associate, legal_person_face, corporate_account, enterprise_sync.");
        var current = await gateway.ReadAsync(id, ct);
        if (current?.Session is not { } view)
            return SessionsApi.Refused(current);
        if (view.Method == method)
            return TypedResults.Ok(gateway.ToDto(view, null));
        if (view.Status != SessionStatus.RequiresInput)
            return Problems.For(ErrorCodes.InvalidState, "The method can only be changed before any details are submitted.");
        if (await budgets.TrySpendAsync(Budget.SessionsPerAccount, view.AccountId, ct) is { } limited)
            return limited;

        var (opened, refused) = await SessionsApi.OpenAsync(gateway, SessionId.New(), new AccountId(view.AccountId), method, Callers.Page, ct, view.ReturnUrl);
        if (opened is null)
            return refused is null ? SessionGateway.Unavailable() : Problems.For(refused);
        // Best effort: if the old session does not answer now, its TTL ends it.
        await gateway.AskAsync(new SessionProtocol.Cancel(view.Id, Callers.Page), ct);
        links.SetGrantCookie(request.HttpContext.Response, opened.Id);
        return TypedResults.Created($"/verify/{opened.Id}", gateway.ToDto(opened, null));
    }

    /// <summary>The session's account record (Q1), masked: the result page's details and the one-click sync offer.</summary>
    public static async Task<IResult> Account(string id, SessionGateway gateway, IRequiredActor<IdentityRegistryMarker> registry, IGroupDirectory directory,
        IEnterpriseDirectory enterprises, CancellationToken ct)
    {
        var reply = await gateway.ReadAsync(id, ct);
        // The offer that fits the session's subject: the personal group sync, or the enterprise station's.
        return reply?.Session is { } view
            ? (IResult)await AccountsApi.GetVerification(view.AccountId, view.Method.IsEnterprise() ? "enterprise" : "personal", registry, directory, enterprises, ct)
            : SessionsApi.Answer(reply, gateway);
    }
}

public sealed record MethodRequest(string? Method);

/// <summary>Source-generated JSON for the pages' own bodies.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MethodRequest))]
[JsonSerializable(typeof(StandInRequest))]
[JsonSerializable(typeof(PageAppealRequest))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class PagesJsonContext : JsonSerializerContext;
