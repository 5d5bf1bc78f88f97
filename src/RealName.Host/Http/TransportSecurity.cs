using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using RealName.Host.Configuration;

namespace RealName.Host.Http;

/// <summary>
/// What the transport tells the node about a request: HSTS on every HTTPS answer, and
/// <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> honoured only from <c>RealName:TrustedProxies</c>.
/// Anyone else's forwarded headers are ignored, so a client cannot pick its rate-limit key (the
/// peer IP) or claim HTTPS by sending a header.
/// </summary>
public static class TransportSecurity
{
    /// <summary>HSTS lifetime: one year, as browsers' preload lists expect.</summary>
    public static readonly TimeSpan HstsMaxAge = TimeSpan.FromDays(365);

    public static IServiceCollection AddRealNameTransport(this IServiceCollection services, RealNameOptions options)
    {
        var (proxies, networks) = ParseTrustedProxies(options.TrustedProxies);
        services.AddHsts(hsts =>
        {
            hsts.MaxAge = HstsMaxAge;
            // The default skips localhost and loopback addresses; a node behind a local TLS terminator is still served over HTTPS.
            hsts.ExcludedHosts.Clear();
        });
        services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core trusts loopback by default; only the configured proxies are trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            proxies.ForEach(forwarded.KnownProxies.Add);
            networks.ForEach(forwarded.KnownIPNetworks.Add);
        });
        return services;
    }

    /// <summary>First in the pipeline: the forwarded headers of trusted proxies (none by default), then HSTS.</summary>
    public static WebApplication UseRealNameTransport(this WebApplication app, RealNameOptions options)
    {
        if (options.TrustedProxies.Length > 0)
            app.UseForwardedHeaders();
        app.UseHsts();
        return app;
    }

    /// <exception cref="StartRefusedException">An entry that is neither an IP address nor a CIDR range.</exception>
    public static (List<IPAddress> Proxies, List<System.Net.IPNetwork> Networks) ParseTrustedProxies(string[] entries)
    {
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i].Trim();
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network))
                networks.Add(network);
            else if (!entry.Contains('/') && IPAddress.TryParse(entry, out var address))
                proxies.Add(address);
            else
                throw new StartRefusedException($"RealName:TrustedProxies:{i} is not an IP address or a CIDR range.");
        }
        return (proxies, networks);
    }
}
