using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;

namespace RealName.Host.Admin;

/// <summary>
/// Guards every <c>/admin</c> endpoint: it answers only on the admin listener (on the public
/// listener it does not exist: <c>404 not_found</c>, like any unknown path) and only to
/// <c>Authorization: Bearer &lt;admin token&gt;</c> (else <c>401 unauthorized</c>).
/// </summary>
public sealed class AdminTokenFilter(IOptions<RealNameOptions> options, NodeListeners listeners) : IEndpointFilter
{
    private readonly byte[] _token = Encoding.UTF8.GetBytes(options.Value.AdminToken ?? "");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!listeners.IsAdmin(http))
            return AdminProblems.NotFound("No such endpoint; see /openapi/v1.json.");
        return IsAuthorized(http.Request.Headers.Authorization.ToString())
            ? await next(context)
            : AdminProblems.Problem(401, ErrorCodes.Unauthorized, "The admin token is missing or wrong (Authorization: Bearer <admin token>).");
    }

    private bool IsAuthorized(string header)
    {
        const string scheme = "Bearer ";
        // An empty configured token would match an empty bearer: refuse everything instead.
        if (_token.Length == 0 || !header.StartsWith(scheme, StringComparison.Ordinal))
            return false;
        return CryptographicOperations.FixedTimeEquals(_token, Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()));
    }
}
