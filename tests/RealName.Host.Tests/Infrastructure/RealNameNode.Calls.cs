using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RealName.Domain.Sessions;
using RealName.Host.Http;

namespace RealName.Host.Tests.Infrastructure;

/// <summary>The calls the specs make on the node: the frontend's (API key) and the signed callbacks of the app and the face provider.</summary>
public sealed partial class RealNameNode
{
    // ---- frontend calls (API key) ----

    public Task<ApiResponse> CreateSessionAsync(string accountId, string? idempotencyKey = null, string method = "face") =>
        SendAsync(HttpMethod.Post, "/v1/sessions", Json(new Dictionary<string, object?> { ["accountId"] = accountId, ["method"] = method }), idempotencyKey);

    /// <summary>Creates a session and returns its id, failing the test unless the answer is 201.</summary>
    public async Task<string> CreateSessionIdAsync(string accountId)
    {
        var created = await CreateSessionAsync(accountId);
        created.AssertStatus(HttpStatusCode.Created);
        return created.Str("id")!;
    }

    public Task<ApiResponse> SubmitIdentityAsync(string sessionId, string name, string idNumber) =>
        PostJsonAsync($"/v1/sessions/{sessionId}/identity", Json(new Dictionary<string, object?> { ["name"] = name, ["idNumber"] = idNumber }));

    public Task<ApiResponse> GetSessionAsync(string sessionId) => SendAsync(HttpMethod.Get, $"/v1/sessions/{sessionId}", null);

    public Task<ApiResponse> RefreshQrAsync(string sessionId) => PostJsonAsync($"/v1/sessions/{sessionId}/qr", "{}");

    public Task<ApiResponse> CancelAsync(string sessionId) => PostJsonAsync($"/v1/sessions/{sessionId}/cancel", "{}");

    public Task<ApiResponse> GetAccountVerificationAsync(string accountId) => SendAsync(HttpMethod.Get, $"/v1/accounts/{accountId}/verification", null);

    public Task<ApiResponse> PostJsonAsync(string path, string body) => SendAsync(HttpMethod.Post, path, body);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body, string? idempotencyKey = null, bool authorize = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        var client = authorize ? Client : AnonymousClient;
        return await ApiResponse.From(await client.SendAsync(request));
    }

    /// <summary>
    /// Submits valid details to a new session for <paramref name="accountId"/> and returns the
    /// session id and the QR token, failing the test unless both steps succeed.
    /// </summary>
    public async Task<(string SessionId, string Token)> StartAwaitingScanAsync(string accountId, string name, string idNumber)
    {
        var sessionId = await CreateSessionIdAsync(accountId);
        var identity = await SubmitIdentityAsync(sessionId, name, idNumber);
        identity.AssertStatus(HttpStatusCode.OK);
        return (sessionId, TokenFrom(identity.Str("qr", "scanUrl")!));
    }

    // ---- signed callbacks ----

    /// <summary>The face check each scan started, by QR token: the app runs the capture with it and the result names it.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _bizTokens = new();

    public async Task<ApiResponse> ScanAsync(string token, string appUserId)
    {
        var answer = await PostSignedAsync("/v1/scan", Json(new Dictionary<string, object?> { ["token"] = token, ["appUserId"] = appUserId }), AppSecret);
        if (answer.Status == HttpStatusCode.OK && answer.Str("face", "bizToken") is { } bizToken)
            _bizTokens[token] = bizToken;
        return answer;
    }

    /// <summary>The face check the scan of <paramref name="token"/> started (as the app received it).</summary>
    public string BizTokenOf(string token) => _bizTokens.TryGetValue(token, out var bizToken) ? bizToken : token;

    /// <summary>The face provider's result for the check the scan of <paramref name="token"/> started; <c>liveness_failed</c> sends <c>liveness: false</c>.</summary>
    public Task<ApiResponse> PostFaceResultAsync(string token, bool passed, string? reason = null, double? similarity = null) =>
        PostFaceResultForAsync(BizTokenOf(token), passed, reason != ErrorCodes.LivenessFailed, similarity ?? (passed ? 0.93 : 0.12));

    public Task<ApiResponse> PostFaceResultForAsync(string bizToken, bool passed, bool liveness, double similarity) =>
        PostSignedAsync("/v1/face-results", Json(new Dictionary<string, object?>
        {
            ["bizToken"] = bizToken,
            ["passed"] = passed,
            ["similarity"] = similarity,
            ["liveness"] = liveness,
            ["providerRef"] = "face_" + Guid.NewGuid().ToString("N")[..12],
        }), FaceSecret);

    /// <summary>Posts <paramref name="body"/> signed with <paramref name="secret"/> at the fake clock's now (or <paramref name="signedAt"/>).</summary>
    public async Task<ApiResponse> PostSignedAsync(string path, string body, string secret, DateTimeOffset? signedAt = null, string? nonce = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var header = Sign(secret, bytes, signedAt, nonce);
        return await PostWithSignatureAsync(path, bytes, header);
    }

    /// <summary>The signature header for <paramref name="body"/>, at the fake clock's now unless told otherwise.</summary>
    public string Sign(string secret, byte[] body, DateTimeOffset? signedAt = null, string? nonce = null) =>
        CallbackSignature.BuildHeader(secret, (signedAt ?? Clock.GetUtcNow()).ToUnixTimeSeconds(), nonce ?? NewNonce(), body);

    public async Task<ApiResponse> PostWithSignatureAsync(string path, byte[] body, string? signatureHeader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signatureHeader is not null)
            request.Headers.TryAddWithoutValidation(CallbackSignature.Header, signatureHeader);
        // Callbacks are not frontend calls: no API key.
        return await ApiResponse.From(await AnonymousClient.SendAsync(request));
    }

    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>The QR token: the <c>t</c> query value of a scan URL.</summary>
    public static string TokenFrom(string scanUrl)
    {
        var query = new Uri(scanUrl).Query.TrimStart('?');
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length == 2 && kv[0] == "t")
                return Uri.UnescapeDataString(kv[1]);
        }
        throw new ArgumentException($"No t= in the scan URL '{scanUrl}'.", nameof(scanUrl));
    }

    public static string Json(Dictionary<string, object?> value) => JsonSerializer.Serialize(value);
}
