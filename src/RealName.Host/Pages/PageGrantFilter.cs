using System.Globalization;
using RealName.Domain.Sessions;
using RealName.Host.Http;

namespace RealName.Host.Pages;

/// <summary>
/// The hosted page's calls (<c>/verify/api/{id}/…</c>) carry the page grant cookie of that very
/// session instead of an API key; anything else is <c>401 unauthorized</c>. Every answer also tells
/// the page the server's clock (<c>X-RealName-Time</c>), so its countdowns follow the server, not the
/// visitor's clock.
/// </summary>
public sealed class PageGrantFilter(PageLinks links, TimeProvider clock) : IEndpointFilter
{
    public const string TimeHeader = "X-RealName-Time";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers[TimeHeader] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
        var id = http.Request.RouteValues["id"] as string;
        if (id is null || !links.IsGranted(id, http.Request.Cookies[PageLinks.CookieName]))
            return Problems.For(ErrorCodes.Unauthorized, "This page's link is invalid, used or expired; open the verification link from the platform again.");
        CallerName.Set(http, Callers.Page);
        return await next(context);
    }
}
