using System.Net;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>
/// HTTPS on the public listener from a certificate file, HSTS and the page cookie's <c>Secure</c> on
/// HTTPS answers, and forwarded headers honoured only from <c>RealName:TrustedProxies</c>.
/// </summary>
public sealed class TransportSecuritySpecs : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "realname-tls-" + Guid.NewGuid().ToString("N"));
    private readonly TestCertificate _certificate;

    public TransportSecuritySpecs() => _certificate = new TestCertificate(_folder);

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task Should_serve_https_from_the_certificate_file_with_hsts_and_a_secure_page_cookie(string format)
    {
        var settings = new Dictionary<string, string?> { ["RealName:PublicUrl"] = "https://127.0.0.1:0" };
        if (format == "pem")
        {
            settings["RealName:Https:CertificatePath"] = _certificate.CertificatePath;
            settings["RealName:Https:KeyPath"] = _certificate.KeyPath;
        }
        else
        {
            settings["RealName:Https:CertificatePath"] = _certificate.PfxPath;
            settings["RealName:Https:Password"] = TestCertificate.PfxPassword;
        }
        await using var node = await RealNameNode.StartAsync(settings, _certificate.Certificate);
        Assert.Equal("https", node.BaseAddress.Scheme);

        using var health = await node.Client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(health.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("secure", await PageCookieAsync(node, node.Client), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Should_refuse_an_https_public_url_without_a_certificate()
    {
        var refused = await Assert.ThrowsAsync<RealName.Host.Configuration.StartRefusedException>(
            () => RealNameNode.StartAsync(new Dictionary<string, string?> { ["RealName:PublicUrl"] = "https://127.0.0.1:0" }));

        Assert.StartsWith("RealName:PublicUrl or RealName:AdminUrl is https:// but RealName:Https:CertificatePath is not set", Assert.Single(refused.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_ignore_a_forged_forwarded_proto_and_for_from_an_untrusted_peer()
    {
        await using var node = await RealNameNode.StartAsync(OneScanPerIp());

        using var health = await SendForwardedAsync(node, HttpMethod.Get, "/healthz", forwardedFor: "198.51.100.1", proto: "https");
        Assert.False(health.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", await PageCookieAsync(node, node.Client, proto: "https"), StringComparison.OrdinalIgnoreCase);

        // The client key stays the TCP peer: a second address in X-Forwarded-For does not buy a second scan.
        using var first = await SendForwardedAsync(node, HttpMethod.Post, "/v1/scan", forwardedFor: "198.51.100.1");
        using var second = await SendForwardedAsync(node, HttpMethod.Post, "/v1/scan", forwardedFor: "198.51.100.2");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Fact]
    public async Task Should_honour_forwarded_proto_and_for_from_a_trusted_proxy()
    {
        var settings = OneScanPerIp();
        settings["RealName:TrustedProxies:0"] = "127.0.0.0/8";
        await using var node = await RealNameNode.StartAsync(settings);

        using var health = await SendForwardedAsync(node, HttpMethod.Get, "/healthz", forwardedFor: "198.51.100.1", proto: "https");
        Assert.True(health.Headers.Contains("Strict-Transport-Security"));
        Assert.Contains("secure", await PageCookieAsync(node, node.Client, proto: "https"), StringComparison.OrdinalIgnoreCase);

        // Behind the proxy each client has its own budget.
        using var first = await SendForwardedAsync(node, HttpMethod.Post, "/v1/scan", forwardedFor: "198.51.100.1");
        using var second = await SendForwardedAsync(node, HttpMethod.Post, "/v1/scan", forwardedFor: "198.51.100.2");
        using var again = await SendForwardedAsync(node, HttpMethod.Post, "/v1/scan", forwardedFor: "198.51.100.2");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
    }

    private static Dictionary<string, string?> OneScanPerIp() => new()
    {
        ["RealName:RateLimits:Enabled"] = "true",
        ["RealName:RateLimits:ScansPerIp:Permits"] = "1",
        ["RealName:RateLimits:ScansPerIp:Window"] = "00:10:00",
    };

    private static async Task<HttpResponseMessage> SendForwardedAsync(RealNameNode node, HttpMethod method, string path, string forwardedFor, string? proto = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
            request.Content = new StringContent("""{"token":"vs_x.y","appUserId":"app_1"}""", System.Text.Encoding.UTF8, "application/json");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (proto is not null)
            request.Headers.Add("X-Forwarded-Proto", proto);
        return await node.AnonymousClient.SendAsync(request);
    }

    /// <summary>Opens a session's page link and returns the grant cookie the page sets.</summary>
    private static async Task<string> PageCookieAsync(RealNameNode node, HttpClient client, string? proto = null)
    {
        var created = await node.CreateSessionAsync(TestData.Account("tls"));
        var link = new Uri(created.Str("url")!);
        using var browser = new HttpClient(node.CreateHandler(allowRedirects: false)) { BaseAddress = client.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, link.PathAndQuery);
        if (proto is not null)
            request.Headers.Add("X-Forwarded-Proto", proto);
        using var opened = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        return Assert.Single(opened.Headers.GetValues("Set-Cookie"));
    }
}
