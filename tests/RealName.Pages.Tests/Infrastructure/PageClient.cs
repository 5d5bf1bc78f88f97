using System.Net;

namespace RealName.Pages.Tests.Infrastructure;

/// <summary>
/// A browser-like HTTP client of the hosted page (its own cookie jar, redirects not followed), for
/// the link and grant rules without a browser.
/// </summary>
public sealed class PageClient : IDisposable
{
    private readonly HttpClient _client;

    public PageClient(RealNameNode node)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = node.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public CookieContainer Cookies { get; }

    /// <summary>Opens a URL the node handed out (its path and query, on the bound address).</summary>
    public Task<HttpResponseMessage> OpenAsync(string url) => _client.GetAsync(new Uri(url).PathAndQuery);

    public async Task<ApiResponse> GetAsync(string path) => await ApiResponse.From(await _client.GetAsync(path));

    public async Task<ApiResponse> PostAsync(string path, string json) =>
        await ApiResponse.From(await _client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json")));

    public async Task<ApiResponse> SendAsync(HttpRequestMessage request) => await ApiResponse.From(await _client.SendAsync(request));

    /// <summary>The page grant cookie the jar holds for a session's page API, if any.</summary>
    public string? GrantFor(string sessionId) =>
        Cookies.GetCookies(new Uri(_client.BaseAddress!, $"/verify/api/{sessionId}/")).FirstOrDefault(c => c.Name == "rn_page")?.Value;

    public void Dispose() => _client.Dispose();
}
