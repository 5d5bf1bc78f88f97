using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using RealName.Host.Configuration;

namespace RealName.Host.Admin;

/// <summary>
/// The node's two Kestrel listeners: the public one (<c>RealName:PublicUrl</c>) and the admin one
/// (<c>RealName:AdminUrl</c>, loopback by default, like pbm's 9110). Requests are told apart by the
/// local port they arrived on, read from the admin listener after binding, so port 0 works too.
/// A listener whose URL is <c>https://</c> serves TLS with the <c>RealName:Https</c> certificate.
/// </summary>
public sealed class NodeListeners(X509Certificate2? certificate = null)
{
    public const string DefaultAdminUrl = "http://127.0.0.1:9110";

    private ListenOptions? _admin;
    private bool _adminHttps;

    /// <summary>The admin URL a node with these options binds (see <see cref="RealNameOptions.AdminUrl"/>).</summary>
    public static string AdminUrlFor(RealNameOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.AdminUrl))
            return options.AdminUrl;
        return ParseHttp(options.PublicUrl, nameof(RealNameOptions.PublicUrl)).Port == 0 ? "http://127.0.0.1:0" : DefaultAdminUrl;
    }

    /// <summary>The admin listener's address once bound, e.g. <c>http://127.0.0.1:9110</c> (any-address binds are reached on loopback).</summary>
    public Uri AdminUri => _admin?.IPEndPoint is { Port: > 0 } endpoint
        ? new Uri($"{(_adminHttps ? "https" : "http")}://{(endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback : endpoint.Address)}:{endpoint.Port}")
        : throw new InvalidOperationException("The admin listener is not bound yet.");

    /// <summary>Whether the request came in through the admin listener.</summary>
    public bool IsAdmin(HttpContext context) => _admin?.IPEndPoint?.Port is > 0 and var port && context.Connection.LocalPort == port;

    /// <summary>Binds the public listener first (tests read the first bound address), then the admin listener.</summary>
    public void Configure(KestrelServerOptions kestrel, RealNameOptions options)
    {
        var publicUrl = ParseHttp(options.PublicUrl, nameof(RealNameOptions.PublicUrl));
        var adminUrl = ParseHttp(AdminUrlFor(options), nameof(RealNameOptions.AdminUrl));
        if (publicUrl.Port != 0 && publicUrl.Port == adminUrl.Port)
            throw new InvalidOperationException("RealName:AdminUrl must use another port than RealName:PublicUrl: the admin API is never served on the public listener.");
        _adminHttps = adminUrl.Scheme == "https";
        Listen(kestrel, publicUrl, _ => { });
        Listen(kestrel, adminUrl, listen => _admin = listen);
    }

    private void Listen(KestrelServerOptions kestrel, BindingAddress url, Action<ListenOptions> keepListener)
    {
        var keep = url.Scheme != "https" ? keepListener : listen =>
        {
            listen.UseHttps(certificate ?? throw new InvalidOperationException("An https:// listener needs RealName:Https:CertificatePath."));
            keepListener(listen);
        };
        if (url.Host is "*" or "+")
            kestrel.ListenAnyIP(url.Port, keep);
        else if (string.Equals(url.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            kestrel.Listen(IPAddress.Loopback, url.Port, keep);
        else
            kestrel.Listen(IPAddress.Parse(url.Host.Trim('[', ']')), url.Port, keep);
    }

    private static BindingAddress ParseHttp(string url, string option)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            throw Invalid(option, url);
        }
        var hostOk = address.Host is "*" or "+"
            || string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || IPAddress.TryParse(address.Host.Trim('[', ']'), out _);
        if (address.Scheme is not ("http" or "https") || address.IsUnixPipe || !hostOk || address.PathBase.Length > 0)
            throw Invalid(option, url);
        return address;
    }

    private static InvalidOperationException Invalid(string option, string url) =>
        new($"RealName:{option} must be http(s)://<IP address, localhost or *>:<port> (got '{url}').");
}
