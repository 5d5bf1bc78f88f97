using System.Net;
using RealName.Domain.Sessions;
using RealName.Host.Admin;

namespace RealName.Host.Http.RateLimits;

/// <summary>
/// The budgets that the request line alone can key — per client address and per session (the
/// route's <c>{id}</c>) — spent through <see cref="ClusterBudgets"/> by a middleware before the
/// endpoint runs. Budgets keyed by the body (account, ID number, credit code, the scanned token)
/// are spent by the endpoints. Requests that arrive on the admin listener spend nothing: its public
/// paths answer 404 there, and an operator's calls must not drain the public budgets.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddRealNameRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<ClusterBudgets>();
        services.AddSingleton<StreamGate>();
        return services;
    }

    public static WebApplication UseRealNameRateLimits(this WebApplication app)
    {
        var budgets = app.Services.GetRequiredService<ClusterBudgets>();
        if (!budgets.Enabled)
            return app;
        var listeners = app.Services.GetRequiredService<NodeListeners>();
        app.Use(async (context, next) =>
        {
            if (!listeners.IsAdmin(context) && Classify(context) is { } kind)
            {
                var ct = context.RequestAborted;
                var refused = ClientKey(context.Connection.RemoteIpAddress) is { } client
                    ? await budgets.TrySpendAsync(IpBudget(kind), client, ct)
                    : null;
                // The address first: a client over its own budget cannot drain a session's.
                if (refused is null && SessionBudget(kind) is { } perSession && context.Request.RouteValues.TryGetValue("id", out var id) && id is string sessionId)
                    refused = await budgets.TrySpendAsync(perSession, sessionId, ct);
                if (refused is not null)
                {
                    await refused.ExecuteAsync(context);
                    return;
                }
            }
            await next(context);
        });
        return app;
    }

    /// <summary>The contract's refusal: <c>429 rate_limited</c>, <c>Retry-After</c> in whole seconds (at least 1), and which budget was spent.</summary>
    public static RefusalHttpResult Refusal(TimeSpan retryAfter, string budget) => Problems.For(new SessionError(
        ErrorCodes.RateLimited,
        "Too many requests; retry after the time in Retry-After.",
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)),
        budget));

    /// <summary>Every budget a refusal may name: the cluster's, the SMS budget spent by the session, the node's stream caps.</summary>
    public static IReadOnlyList<string> BudgetNames { get; } =
        [.. Enum.GetNames<Budget>(), Actors.Budgets.SmsBudgetSettings.Key, nameof(RateLimitSettings.StreamsPerSession), nameof(RateLimitSettings.StreamsPerClient)];

    /// <summary>The budget region did not answer: refused, retryable at once.</summary>
    public static RefusalHttpResult Unavailable() => Problems.For(new SessionError(
        Problems.BudgetUnavailable, "The request budget could not be checked in time; nothing was done, retry.", 1));

    private enum Kind { Creation, Submission, CodeCheck, QrRefresh, Scan }

    private static Kind? Classify(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || context.GetEndpoint() is not RouteEndpoint endpoint)
            return null;
        var route = endpoint.RoutePattern.RawText?.TrimEnd('/') ?? "";
        if (route is "/v1/sessions" || route.EndsWith("{id}/method", StringComparison.Ordinal))
            return Kind.Creation;
        if (route.EndsWith("{id}/identity", StringComparison.Ordinal) || route.EndsWith("{id}/code/resend", StringComparison.Ordinal))
            return Kind.Submission;
        if (route.EndsWith("{id}/code", StringComparison.Ordinal) || route.EndsWith("{id}/amount", StringComparison.Ordinal))
            return Kind.CodeCheck;
        if (route.EndsWith("{id}/qr", StringComparison.Ordinal))
            return Kind.QrRefresh;
        return route is "/v1/scan" ? Kind.Scan : null;
    }

    private static Budget IpBudget(Kind kind) => kind switch
    {
        Kind.Creation => Budget.SessionsPerIp,
        Kind.Submission => Budget.SubmissionsPerIp,
        Kind.CodeCheck => Budget.CodeChecksPerIp,
        Kind.QrRefresh => Budget.QrRefreshesPerIp,
        _ => Budget.ScansPerIp,
    };

    /// <summary>Creation has no session yet (its account budget is in the endpoint); a scan's token is in its body.</summary>
    private static Budget? SessionBudget(Kind kind) => kind switch
    {
        Kind.Submission => Budget.SubmissionsPerSession,
        Kind.CodeCheck => Budget.CodeChecksPerSession,
        Kind.QrRefresh => Budget.QrRefreshesPerSession,
        _ => null,
    };

    /// <summary>An IPv4 address, or the /64 of an IPv6 one (one subscriber's prefix, not one of its 2^64 addresses).</summary>
    internal static string? ClientKey(IPAddress? address)
    {
        if (address is null)
            return null;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            return address.ToString();
        var bytes = address.GetAddressBytes();
        return Convert.ToHexStringLower(bytes, 0, 8) + "::/64";
    }
}
