using Microsoft.AspNetCore.Http.HttpResults;

namespace RealName.Host.Http;

/// <summary>
/// A refusal that may say when to come back: the problem+json answer, with <c>Retry-After</c> (whole
/// seconds) when the session, budget or guard named a time. A typed result, so handlers can declare it
/// in their <c>Results&lt;…&gt;</c>; a plain problem converts to one without a header.
/// </summary>
public sealed class RefusalHttpResult(ProblemHttpResult problem, int? retryAfterSeconds) : IResult
{
    public static implicit operator RefusalHttpResult(ProblemHttpResult problem) => new(problem, null);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (retryAfterSeconds is { } seconds)
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problem.ExecuteAsync(httpContext);
    }
}
