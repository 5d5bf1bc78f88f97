using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RealName.Host.Http;

namespace RealName.Client;

/// <summary>
/// The P1 calls of the public API as their three callers make them: the platform's frontend (the
/// <paramref name="frontend"/> client carries its API key), the app and the face provider (signed
/// callbacks on <paramref name="callbacks"/>, which carries no API key). Every call returns the
/// answer as it came; reading it is the caller's business (<see cref="ApiAnswers"/> helps).
/// </summary>
/// <param name="clock">The time callbacks are signed at: a test node's fake clock, or the system's.</param>
public sealed class RealNameApiClient(HttpClient frontend, HttpClient callbacks, CallbackSecrets secrets, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    // ---- frontend calls (API key) ----

    public Task<HttpResponseMessage> CreateSessionAsync(string accountId, string method = "face", string? idempotencyKey = null, CancellationToken ct = default) =>
        SendJsonAsync(HttpMethod.Post, "/v1/sessions", new Dictionary<string, object?> { ["accountId"] = accountId, ["method"] = method }, idempotencyKey, ct);

    public Task<HttpResponseMessage> SubmitIdentityAsync(string sessionId, string name, string idNumber, CancellationToken ct = default) =>
        SubmitIdentityAsync(sessionId, name, idNumber, idempotencyKey: null, ct);

    /// <summary>The same, sent with an <c>Idempotency-Key</c> when one is given: a retry with it answers the first answer again.</summary>
    public Task<HttpResponseMessage> SubmitIdentityAsync(string sessionId, string name, string idNumber, string? idempotencyKey, CancellationToken ct = default) =>
        SendJsonAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/identity", new Dictionary<string, object?> { ["name"] = name, ["idNumber"] = idNumber }, idempotencyKey, ct);

    public Task<HttpResponseMessage> GetSessionAsync(string sessionId, CancellationToken ct = default) =>
        frontend.GetAsync(new Uri($"/v1/sessions/{sessionId}", UriKind.Relative), HttpCompletionOption.ResponseContentRead, ct);

    /// <summary>Issues a new QR for a session awaiting a (re)scan.</summary>
    public Task<HttpResponseMessage> RefreshQrAsync(string sessionId, CancellationToken ct = default) =>
        SendJsonAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/qr", new Dictionary<string, object?>(), null, ct);

    public Task<HttpResponseMessage> CancelAsync(string sessionId, CancellationToken ct = default) =>
        SendJsonAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/cancel", new Dictionary<string, object?>(), null, ct);

    public Task<HttpResponseMessage> GetAccountVerificationAsync(string accountId, CancellationToken ct = default) =>
        frontend.GetAsync(new Uri($"/v1/accounts/{accountId}/verification", UriKind.Relative), HttpCompletionOption.ResponseContentRead, ct);

    // ---- signed callbacks ----

    /// <summary>The app's scan of a QR token; a 200 answer names the face check it started (<see cref="ApiAnswers.BizToken"/>).</summary>
    public Task<HttpResponseMessage> ScanAsync(string token, string appUserId, CancellationToken ct = default) =>
        PostSignedAsync("/v1/scan", Json(new Dictionary<string, object?> { ["token"] = token, ["appUserId"] = appUserId }), secrets.App, ct: ct);

    /// <summary>The face provider's result for the face check <see cref="FaceResult.BizToken"/>.</summary>
    public Task<HttpResponseMessage> PostFaceResultAsync(FaceResult result, CancellationToken ct = default) =>
        PostSignedAsync("/v1/face-results", Json(new Dictionary<string, object?>
        {
            ["bizToken"] = result.BizToken,
            ["passed"] = result.Passed,
            ["similarity"] = result.Similarity,
            ["liveness"] = result.Liveness,
            ["providerRef"] = result.ProviderRef,
        }), secrets.Face, ct: ct);

    /// <summary>Posts <paramref name="body"/> signed with <paramref name="secret"/> at the clock's now (or <paramref name="signedAt"/>) with a fresh nonce (or <paramref name="nonce"/>).</summary>
    public Task<HttpResponseMessage> PostSignedAsync(string path, byte[] body, string secret, DateTimeOffset? signedAt = null, string? nonce = null, CancellationToken ct = default) =>
        PostWithSignatureAsync(path, body, Sign(secret, body, signedAt, nonce), ct);

    /// <summary>The signature header for <paramref name="body"/>, at the clock's now unless told otherwise.</summary>
    public string Sign(string secret, byte[] body, DateTimeOffset? signedAt = null, string? nonce = null) =>
        CallbackSignature.BuildHeader(secret, (signedAt ?? _clock.GetUtcNow()).ToUnixTimeSeconds(), nonce ?? NewNonce(), body);

    /// <summary>Posts a callback body with the given signature header (none when null); callbacks carry no API key.</summary>
    public async Task<HttpResponseMessage> PostWithSignatureAsync(string path, byte[] body, string? signatureHeader, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signatureHeader is not null)
            request.Headers.TryAddWithoutValidation(CallbackSignature.Header, signatureHeader);
        return await callbacks.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }

    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static byte[] Json(Dictionary<string, object?> value) => JsonSerializer.SerializeToUtf8Bytes(value);

    private async Task<HttpResponseMessage> SendJsonAsync(HttpMethod method, string path, Dictionary<string, object?> body, string? idempotencyKey, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new ByteArrayContent(Json(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = Encoding.UTF8.WebName };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await frontend.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
    }
}

/// <summary>The two callback secrets: the app's (scans) and the face provider's (face results).</summary>
public sealed record CallbackSecrets(string App, string Face);

/// <summary>A face provider's result: <see cref="Passed"/> and <see cref="Liveness"/> as its check saw them.</summary>
public sealed record FaceResult(string BizToken, bool Passed, double Similarity, bool Liveness, string ProviderRef)
{
    /// <summary>A pass (live, similar) for the face check <paramref name="bizToken"/>.</summary>
    public static FaceResult Pass(string bizToken, string providerRef) => new(bizToken, true, 0.93, true, providerRef);
}
