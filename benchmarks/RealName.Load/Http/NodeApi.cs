using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RealName.Client;

namespace RealName.Load.Http;

/// <summary>
/// The calls of P1 (<see cref="RealNameApiClient"/>) read as the load run counts them. Each returns the
/// value the flow needs next, or an error key (<c>"409 qr_already_scanned"</c>, <c>"timeout"</c>) that
/// the report counts; nothing throws for an answer the contract allows.
/// </summary>
public sealed class NodeApi : IDisposable
{
    private readonly HttpClient _frontend;
    private readonly HttpClient _callbacks;
    private readonly RealNameApiClient _api;

    public NodeApi(Uri baseUrl, LoadOptions options)
    {
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
        _api = new RealNameApiClient(_frontend, _callbacks, new CallbackSecrets(options.AppSecret, options.FaceSecret));
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
    public Task<Answer> CreateAsync(string accountId, CancellationToken ct) =>
        ReadAsync(_api.CreateSessionAsync(accountId, idempotencyKey: accountId, ct: ct), HttpStatusCode.Created, doc => doc.RootElement.GetProperty("id").GetString(), ct);

    /// <summary>
    /// Submits the sandbox name and the ID number, with an <c>Idempotency-Key</c> when <paramref name="keyed"/> (as a platform
    /// that keys every POST sends it); the value is the QR token of the answer's scan URL.
    /// </summary>
    public Task<Answer> SubmitIdentityAsync(string sessionId, string idNumber, CancellationToken ct, bool keyed = false) =>
        ReadAsync(_api.SubmitIdentityAsync(sessionId, "张三", idNumber, keyed ? sessionId + ".identity" : null, ct), HttpStatusCode.OK, doc => ApiAnswers.QrToken(doc.RootElement), ct);

    /// <summary>Reads the session; the value is its status.</summary>
    public Task<Answer> GetAsync(string sessionId, CancellationToken ct) =>
        ReadAsync(_api.GetSessionAsync(sessionId, ct), HttpStatusCode.OK, Status, ct);

    /// <summary>The app's signed scan; the value is the <c>bizToken</c> of the face check it started.</summary>
    public Task<Answer> ScanAsync(string token, CancellationToken ct) =>
        ReadAsync(_api.ScanAsync(token, "app_load", ct), HttpStatusCode.OK, doc => ApiAnswers.BizToken(doc.RootElement), ct);

    /// <summary>The face provider's signed pass for a face check; the value is the session status (<c>verified</c> once the claim is granted).</summary>
    public Task<Answer> FacePassedAsync(string bizToken, CancellationToken ct) =>
        ReadAsync(_api.PostFaceResultAsync(FaceResult.Pass(bizToken, "load"), ct), HttpStatusCode.OK, Status, ct);

    private static string? Status(JsonDocument doc) => doc.RootElement.GetProperty("status").GetString();

    private static async Task<Answer> ReadAsync(Task<HttpResponseMessage> call, HttpStatusCode expected, Func<JsonDocument, string?> read, CancellationToken ct)
    {
        using var response = await call;
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
