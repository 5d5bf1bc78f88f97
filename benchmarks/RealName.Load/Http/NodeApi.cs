using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RealName.Host.Http;

namespace RealName.Load.Http;

/// <summary>
/// The calls of P1 as the frontend, the app and the face provider make them. Each returns the
/// value the flow needs next, or an error key (<c>"409 qr_already_scanned"</c>, <c>"timeout"</c>) that
/// the report counts; nothing throws for an answer the contract allows.
/// </summary>
public sealed class NodeApi : IDisposable
{
    private readonly HttpClient _frontend;
    private readonly HttpClient _callbacks;
    private readonly LoadOptions _options;

    public NodeApi(Uri baseUrl, LoadOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.Connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _frontend = new HttpClient(handler, disposeHandler: false) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        _frontend.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        _callbacks = new HttpClient(handler, disposeHandler: true) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<string?> HealthzAsync(CancellationToken ct)
    {
        using var response = await _frontend.GetAsync("/healthz", HttpCompletionOption.ResponseContentRead, ct);
        return response.IsSuccessStatusCode ? null : $"{(int)response.StatusCode}";
    }

    public async Task<bool> IsReadyAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _frontend.GetAsync("/readyz", ct);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            return false; // not listening yet, or this attempt timed out
        }
    }

    /// <summary>Creates a face session for the account; the value is the session id.</summary>
    public async Task<Answer> CreateAsync(string accountId, CancellationToken ct)
    {
        using var request = Json(HttpMethod.Post, "/v1/sessions", $$"""{"accountId":"{{accountId}}","method":"face"}""");
        request.Headers.Add("Idempotency-Key", accountId);
        return await SendAsync(_frontend, request, HttpStatusCode.Created, doc => doc.RootElement.GetProperty("id").GetString(), ct);
    }

    /// <summary>Submits the sandbox name and the ID number; the value is the QR token of the answer's scan URL.</summary>
    public async Task<Answer> SubmitIdentityAsync(string sessionId, string idNumber, CancellationToken ct)
    {
        using var request = Json(HttpMethod.Post, $"/v1/sessions/{sessionId}/identity", $$"""{"name":"张三","idNumber":"{{idNumber}}"}""");
        return await SendAsync(_frontend, request, HttpStatusCode.OK, doc =>
        {
            var scanUrl = doc.RootElement.GetProperty("qr").GetProperty("scanUrl").GetString()!;
            return Uri.UnescapeDataString(scanUrl[(scanUrl.IndexOf("t=", StringComparison.Ordinal) + 2)..]);
        }, ct);
    }

    /// <summary>Reads the session; the value is its status.</summary>
    public async Task<Answer> GetAsync(string sessionId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sessions/{sessionId}");
        return await SendAsync(_frontend, request, HttpStatusCode.OK, Status, ct);
    }

    /// <summary>The app's signed scan; the value is the <c>bizToken</c> of the face check it started.</summary>
    public Task<Answer> ScanAsync(string token, CancellationToken ct) =>
        SignedAsync("/v1/scan", _options.AppSecret, $$"""{"token":"{{token}}","appUserId":"app_load"}""", ct, BizToken);

    /// <summary>The face provider's signed pass for a face check; the value is the session status (<c>verified</c> once the claim is granted).</summary>
    public Task<Answer> FacePassedAsync(string bizToken, CancellationToken ct) =>
        SignedAsync("/v1/face-results", _options.FaceSecret, $$"""{"bizToken":"{{bizToken}}","passed":true,"similarity":0.93,"liveness":true,"providerRef":"load"}""", ct);

    private static string? BizToken(JsonDocument doc) => doc.RootElement.GetProperty("face").GetProperty("bizToken").GetString();

    private async Task<Answer> SignedAsync(string path, string secret, string json, CancellationToken ct, Func<JsonDocument, string?>? read = null)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var header = CallbackSignature.BuildHeader(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Guid.NewGuid().ToString("N"), body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(CallbackSignature.Header, header);
        return await SendAsync(_callbacks, request, HttpStatusCode.OK, read ?? Status, ct);
    }

    private static string? Status(JsonDocument doc) => doc.RootElement.GetProperty("status").GetString();

    private static HttpRequestMessage Json(HttpMethod method, string path, string json) =>
        new(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request, HttpStatusCode expected, Func<JsonDocument, string?> read, CancellationToken ct)
    {
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        using var doc = bytes.Length > 0 && bytes[0] == (byte)'{' ? JsonDocument.Parse(bytes) : null;
        if (response.StatusCode != expected)
        {
            var code = doc is not null && doc.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
            return Answer.Failed($"{(int)response.StatusCode} {code}".TrimEnd());
        }
        return doc is null ? Answer.Failed($"{(int)response.StatusCode} no json") : Answer.Ok(read(doc) ?? "");
    }

    public void Dispose()
    {
        _frontend.Dispose();
        _callbacks.Dispose();
    }
}

/// <summary>A call's outcome: the value the flow needs next, or the error key the report counts.</summary>
public readonly record struct Answer(string? Value, string? Error)
{
    public static Answer Ok(string value) => new(value, null);
    public static Answer Failed(string error) => new(null, error);
}
