using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;

namespace RealName.Host.Http;

/// <summary>
/// Frontend calls carry <c>Authorization: Bearer &lt;api key&gt;</c>; anything else is <c>401 unauthorized</c>.
/// A key without the scope the route requires (<see cref="RequiredScope"/>) is <c>403 forbidden</c>; a route
/// behind this filter that names no scope refuses every key, so a new route cannot be open by omission.
/// </summary>
public sealed class ApiKeyFilter(IOptions<RealNameOptions> options) : IEndpointFilter
{
    /// <summary>Item key under which a hash of the matched API key is left for handlers (idempotency scope).</summary>
    public const string KeyScopeItem = "realname.api-key-scope";

    private readonly Key[] _keys = Credentials.ApiKeys(options.Value)
        .Select(k => Key.Of(k.Name, Encoding.UTF8.GetBytes(k.Key), [.. k.Scopes])).ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.StartsWith(scheme, StringComparison.Ordinal))
        {
            var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
            var index = Array.FindIndex(_keys, k => CryptographicOperations.FixedTimeEquals(k.Secret, presented));
            if (index >= 0)
            {
                var key = _keys[index];
                var scope = http.GetEndpoint()?.Metadata.GetMetadata<RequiredScope>()?.Scope;
                if (scope is null || !key.Scopes.Contains(scope))
                    return Problems.For(ErrorCodes.Forbidden, $"This API key ({key.Name}) lacks the '{scope ?? "?"}' scope this call needs.");
                http.Items[KeyScopeItem] = key.IdempotencyScope;
                CallerName.Set(http, key.Name);
                return await next(context);
            }
        }
        return Problems.For(ErrorCodes.Unauthorized, "A valid API key is required (Authorization: Bearer <key>).");
    }

    /// <param name="IdempotencyScope">The hash of the key left for handlers: computed once, not per request.</param>
    private sealed record Key(string Name, byte[] Secret, HashSet<string> Scopes, string IdempotencyScope)
    {
        public static Key Of(string name, byte[] secret, HashSet<string> scopes) =>
            new(name, secret, scopes, Convert.ToHexStringLower(SHA256.HashData(secret)));
    }
}

/// <summary>Endpoint metadata: the <see cref="ApiScopes"/> scope an API key needs for this route.</summary>
public sealed record RequiredScope(string Scope);

public static class RequiredScopeExtensions
{
    /// <summary>The API key scope this route (or group) needs; see <see cref="ApiKeyFilter"/>.</summary>
    public static TBuilder RequireScope<TBuilder>(this TBuilder builder, string scope) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredScope(scope));
}

/// <summary>Who is calling, as the filters established it: recorded with the commands the request sends.</summary>
public static class CallerName
{
    private const string Item = "realname.caller";

    public static void Set(HttpContext http, string name) => http.Items[Item] = name;

    /// <summary>The caller's name; null when no filter named one (the history then shows none).</summary>
    public static string? Of(HttpContext http) => http.Items[Item] as string;
}
