using Microsoft.AspNetCore.Diagnostics;
using RealName.Domain.Security;

namespace RealName.Host.Http;

/// <summary>
/// Any read that meets a personal value this node cannot decrypt (a claim written with other keys)
/// answers <c>503 personal_data_unreadable</c> with a stable code instead of a 500, on every endpoint.
/// </summary>
public sealed class UnreadablePersonalDataHandler(ILogger<UnreadablePersonalDataHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not UnreadablePersonalDataException unreadable)
            return false;
        log.LogError("Personal data of {Subject} cannot be decrypted with this node's keys ({Path}); written by a node with other keys?",
            unreadable.Subject, httpContext.Request.Path);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        await Problems.For(Problems.PersonalDataUnreadable,
            "Personal data of this record cannot be decrypted with this node's keys; an operator must check the cluster's keys.").ExecuteAsync(httpContext);
        return true;
    }
}
