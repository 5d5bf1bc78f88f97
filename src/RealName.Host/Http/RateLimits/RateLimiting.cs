using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using RealName.Domain.Sessions;

namespace RealName.Host.Http.RateLimits;

/// <summary>
/// ASP.NET Core's rate limiter with the budgets that the request line alone can key: per client IP
/// and per session (the route's <c>{id}</c>). Budgets keyed by the body (account, ID number, the
/// scanned session) are taken by the endpoints through <see cref="KeyedLimits"/>. Every refusal is
/// <c>429 rate_limited</c> problem+json with <c>Retry-After</c>.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddRealNameRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        services.AddSingleton(_ => new KeyedLimits(settings));
        if (!settings.Enabled)
            return services;
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(settings, context, perSession: false)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(settings, context, perSession: true)));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                return new ValueTask(Refusal(retryAfter).ExecuteAsync(rejected.HttpContext));
            };
        });
        return services;
    }

    public static WebApplication UseRealNameRateLimits(this WebApplication app)
    {
        if (app.Services.GetRequiredService<KeyedLimits>().Enabled)
            app.UseRateLimiter();
        return app;
    }

    /// <summary>The contract's refusal: <c>429 rate_limited</c>, <c>Retry-After</c> in whole seconds (at least 1).</summary>
    public static IResult Refusal(TimeSpan retryAfter) => Problems.For(new SessionError(
        ErrorCodes.RateLimited,
        "Too many requests; retry after the time in Retry-After.",
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))));

    /// <summary>What a request costs: its kind (from the endpoint's route template) and the key of one partition.</summary>
    private static RateLimitPartition<string> Partition(RateLimitSettings settings, HttpContext context, bool perSession)
    {
        var kind = Classify(context);
        if (kind is null)
            return RateLimitPartition.GetNoLimiter("");
        var (limit, key) = perSession
            ? (SessionLimit(settings, kind.Value), context.Request.RouteValues.TryGetValue("id", out var id) ? id as string : null)
            : (IpLimit(settings, kind.Value), ClientKey(context.Connection.RemoteIpAddress));
        if (limit is null || key is null)
            return RateLimitPartition.GetNoLimiter("");
        return RateLimitPartition.GetFixedWindowLimiter($"{kind}|{(perSession ? "s" : "ip")}|{key}", _ => Window(limit));
    }

    internal static FixedWindowRateLimiterOptions Window(WindowLimit limit) => new()
    {
        PermitLimit = Math.Max(1, limit.Permits),
        Window = limit.Window > TimeSpan.Zero ? limit.Window : TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private enum Kind { Creation, Submission, CodeCheck, Scan }

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
        return route is "/v1/scan" ? Kind.Scan : null;
    }

    private static WindowLimit? IpLimit(RateLimitSettings s, Kind kind) => kind switch
    {
        Kind.Creation => s.SessionsPerIp,
        Kind.Submission => s.SubmissionsPerIp,
        Kind.CodeCheck => s.CodeChecksPerIp,
        _ => s.ScansPerIp,
    };

    /// <summary>Creation has no session yet (its account budget is in the endpoint); a scan's session is in its body.</summary>
    private static WindowLimit? SessionLimit(RateLimitSettings s, Kind kind) => kind switch
    {
        Kind.Submission => s.SubmissionsPerSession,
        Kind.CodeCheck => s.CodeChecksPerSession,
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
