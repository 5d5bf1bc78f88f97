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
    private const string OperatorItem = "realname.operator";

    // An empty configured token would match an empty bearer: such tokens are never offered.
    private readonly (string Name, byte[] Token)[] _tokens = Credentials.AdminTokens(options.Value)
        .Where(t => t.Token.Length > 0).Select(t => (t.Name, Encoding.UTF8.GetBytes(t.Token))).ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!listeners.IsAdmin(http))
            return AdminProblems.NotFound("No such endpoint; see /openapi/v1.json.");
        if (Match(http.Request.Headers.Authorization.ToString()) is not { } name)
            return AdminProblems.Problem(401, ErrorCodes.Unauthorized, "The admin token is missing or wrong (Authorization: Bearer <admin token>).");
        http.Items[OperatorItem] = name;
        return await next(context);
    }

    /// <summary>The name of the admin token that authorised this request (recorded on operator decisions).</summary>
    public static string OperatorName(HttpContext http) =>
        http.Items[OperatorItem] as string ?? throw new InvalidOperationException("Only endpoints behind the AdminTokenFilter have an operator.");

    private string? Match(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.Ordinal))
            return null;
        var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        string? name = null;
        foreach (var (tokenName, token) in _tokens)
            if (CryptographicOperations.FixedTimeEquals(token, presented))
                name = tokenName;
        return name;
    }
}
