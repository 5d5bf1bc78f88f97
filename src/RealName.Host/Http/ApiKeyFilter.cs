using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;

namespace RealName.Host.Http;

/// <summary>Frontend calls carry <c>Authorization: Bearer &lt;api key&gt;</c>; anything else is <c>401 unauthorized</c>.</summary>
public sealed class ApiKeyFilter(IOptions<RealNameOptions> options) : IEndpointFilter
{
    /// <summary>Item key under which a hash of the matched API key is left for handlers (idempotency scope).</summary>
    public const string KeyScopeItem = "realname.api-key-scope";

    private readonly byte[][] _keys = (options.Value.ApiKeys is { Length: > 0 } keys ? keys : [SandboxCredentials.ApiKey])
        .Select(Encoding.UTF8.GetBytes).ToArray();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (header.StartsWith(scheme, StringComparison.Ordinal))
        {
            var presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
            var index = Array.FindIndex(_keys, k => CryptographicOperations.FixedTimeEquals(k, presented));
            if (index >= 0)
            {
                context.HttpContext.Items[KeyScopeItem] = Convert.ToHexStringLower(SHA256.HashData(_keys[index]));
                return await next(context);
            }
        }
        return Problems.For(ErrorCodes.Unauthorized, "A valid API key is required (Authorization: Bearer <key>).");
    }
}
