using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
using RealName.Host.Contract;
using RealName.Host.Http;
using RealName.Host.Projections.ReadModel;

namespace RealName.Host.Projections;

/// <summary>
/// <c>GET /v1/sessions</c> and <c>GET /v1/appeals</c>: pages of the read model the results
/// projection keeps (the masked objects exactly as stored, newest first), so they lag the journal
/// by the projection's lag (see benchmarks/README.md) and never wake a session.
/// </summary>
public static class ListsApi
{
    private static readonly HashSet<string> Statuses = Enum.GetValues<SessionStatus>().Select(s => s.WireName()).ToHashSet(StringComparer.Ordinal);
    private static readonly HashSet<string> AppealStatuses = new(StringComparer.Ordinal) { "pending", "approved", "rejected" };

    public static IEndpointRouteBuilder MapListsApi(this IEndpointRouteBuilder app)
    {
        // The operation ids are the ones the first results merge published (generated from the path): kept, as clients are built from them.
        app.MapGet("/v1/sessions", ListSessions).AddSingletonFilter<ApiKeyFilter>().RequireScope(ApiScopes.Read).WithTags("Sessions")
            .Operation("getV1Sessions", "List sessions", "Newest first by createdAt, masked, from the read model the results projection keeps (it lags the journal).")
            .Produces<SessionPageDto>(StatusCodes.Status200OK).Fails(400);
        app.MapGet("/v1/appeals", ListAppeals).AddSingletonFilter<ApiKeyFilter>().RequireScope(ApiScopes.Appeals).WithTags("Appeals")
            .Operation("getV1Appeals", "List appeals", "Newest first by openedAt, masked, from the read model the results projection keeps (it lags the journal).")
            .Produces<AppealPageDto>(StatusCodes.Status200OK).Fails(400);
        return app;
    }

    /// <remarks>Query values bind as strings (never a binding failure): this handler answers our own <c>400 invalid_request</c>.</remarks>
    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ListSessions(ListQueries queries, [FromQuery] string? accountId, [FromQuery] string? status, [FromQuery] string? method,
        [FromQuery] string? createdFrom, [FromQuery] string? createdTo, [FromQuery] string? limit, [FromQuery] string? startingAfter, CancellationToken ct)
    {
        var (filter, error) = Common(accountId, limit, startingAfter);
        if (error is not null)
            return Problems.Invalid(error);
        if (status is not null && !Statuses.Contains(status))
            return Problems.Invalid("status is not a session status.");
        if (method is not null && !VerificationMethods.TryParse(method, out _))
            return Problems.Invalid("method is not a verification method.");
        if (!TryTime(createdFrom, out var from) || !TryTime(createdTo, out var to))
            return Problems.Invalid("createdFrom and createdTo are RFC 3339 times.");
        filter = filter with { Status = status, Method = method, CreatedFrom = from, CreatedTo = to };
        return Page(await queries.SessionsAsync(filter, ct));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> ListAppeals(ListQueries queries, [FromQuery] string? accountId, [FromQuery] string? status,
        [FromQuery] string? limit, [FromQuery] string? startingAfter, CancellationToken ct)
    {
        var (filter, error) = Common(accountId, limit, startingAfter);
        if (error is not null)
            return Problems.Invalid(error);
        if (status is not null && !AppealStatuses.Contains(status))
            return Problems.Invalid("status is pending, approved or rejected.");
        return Page(await queries.AppealsAsync(filter with { Status = status }, ct));
    }

    private static (ListFilter Filter, string? Error) Common(string? accountId, string? limitText, string? startingAfter)
    {
        var limit = 20;
        if (limitText is not null && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
            return (new ListFilter(), "limit is a number from 1 to 100.");
        if (accountId is { Length: > 128 } || startingAfter is { Length: > 128 })
            return (new ListFilter(), "accountId and startingAfter are at most 128 characters.");
        return (new ListFilter(AccountId: accountId, Limit: limit, StartingAfter: startingAfter), null);
    }

    private static bool TryTime(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (text is null)
            return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return false;
        at = parsed;
        return true;
    }

    /// <summary><c>{data: [...], hasMore}</c> from the stored JSON, without parsing it again.</summary>
    private static Results<ContentHttpResult, ProblemHttpResult> Page(ListPage? page)
    {
        if (page is null)
            return Problems.Invalid("startingAfter names no item of this list.");
        var json = new StringBuilder("{\"data\":[").AppendJoin(',', page.Bodies).Append("],\"hasMore\":").Append(page.HasMore ? "true" : "false").Append('}');
        return TypedResults.Text(json.ToString(), "application/json", Encoding.UTF8);
    }
}
