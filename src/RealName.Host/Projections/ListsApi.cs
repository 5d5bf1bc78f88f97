using System.Globalization;
using System.Text;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
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
        app.MapGet("/v1/sessions", ListSessions).AddEndpointFilter<ApiKeyFilter>().RequireScope(ApiScopes.Read).WithTags("Sessions");
        app.MapGet("/v1/appeals", ListAppeals).AddEndpointFilter<ApiKeyFilter>().RequireScope(ApiScopes.Appeals).WithTags("Appeals");
        return app;
    }

    public static async Task<IResult> ListSessions(HttpRequest request, ListQueries queries, CancellationToken ct)
    {
        var q = request.Query;
        var (filter, error) = Common(request);
        if (error is not null)
            return Problems.Invalid(error);
        if (q["status"].FirstOrDefault() is { } status && !Statuses.Contains(status))
            return Problems.Invalid("status is not a session status.");
        if (q["method"].FirstOrDefault() is { } method && !VerificationMethods.TryParse(method, out _))
            return Problems.Invalid("method is not a verification method.");
        if (!TryTime(q["createdFrom"].FirstOrDefault(), out var from) || !TryTime(q["createdTo"].FirstOrDefault(), out var to))
            return Problems.Invalid("createdFrom and createdTo are RFC 3339 times.");
        filter = filter with { Status = q["status"].FirstOrDefault(), Method = q["method"].FirstOrDefault(), CreatedFrom = from, CreatedTo = to };
        return Page(await queries.SessionsAsync(filter, ct));
    }

    public static async Task<IResult> ListAppeals(HttpRequest request, ListQueries queries, CancellationToken ct)
    {
        var (filter, error) = Common(request);
        if (error is not null)
            return Problems.Invalid(error);
        if (request.Query["status"].FirstOrDefault() is { } status && !AppealStatuses.Contains(status))
            return Problems.Invalid("status is pending, approved or rejected.");
        return Page(await queries.AppealsAsync(filter with { Status = request.Query["status"].FirstOrDefault() }, ct));
    }

    private static (ListFilter Filter, string? Error) Common(HttpRequest request)
    {
        var q = request.Query;
        var limit = 20;
        if (q["limit"].FirstOrDefault() is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
            return (new ListFilter(), "limit is a number from 1 to 100.");
        var account = q["accountId"].FirstOrDefault();
        if (account is { Length: > 128 } || q["startingAfter"].FirstOrDefault() is { Length: > 128 })
            return (new ListFilter(), "accountId and startingAfter are at most 128 characters.");
        return (new ListFilter(AccountId: account, Limit: limit, StartingAfter: q["startingAfter"].FirstOrDefault()), null);
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
    private static IResult Page(ListPage? page)
    {
        if (page is null)
            return Problems.Invalid("startingAfter names no item of this list.");
        var json = new StringBuilder("{\"data\":[").AppendJoin(',', page.Bodies).Append("],\"hasMore\":").Append(page.HasMore ? "true" : "false").Append('}');
        return TypedResults.Text(json.ToString(), "application/json", Encoding.UTF8);
    }
}
