using System.Net;
using System.Text;
using System.Text.Json;
using RealName.Client;
using RealName.Domain.Sessions;

namespace RealName.Testing;

/// <summary>The calls the specs make on the node (through <see cref="Api"/>), read fully into an <see cref="ApiResponse"/>.</summary>
public partial class RealNameNode
{
    // ---- frontend calls (API key) ----

    public async Task<ApiResponse> CreateSessionAsync(string accountId, string? idempotencyKey = null, string method = "face") =>
        await ApiResponse.From(await Api.CreateSessionAsync(accountId, method, idempotencyKey));

    /// <summary>Creates a session and returns its id, failing the test unless the answer is 201.</summary>
    public async Task<string> CreateSessionIdAsync(string accountId)
    {
        var created = await CreateSessionAsync(accountId);
        created.AssertStatus(HttpStatusCode.Created);
        return created.Str("id")!;
    }

    public async Task<ApiResponse> SubmitIdentityAsync(string sessionId, string name, string idNumber) =>
        await ApiResponse.From(await Api.SubmitIdentityAsync(sessionId, name, idNumber));

    public async Task<ApiResponse> GetSessionAsync(string sessionId) => await ApiResponse.From(await Api.GetSessionAsync(sessionId));

    public async Task<ApiResponse> RefreshQrAsync(string sessionId) => await ApiResponse.From(await Api.RefreshQrAsync(sessionId));

    public async Task<ApiResponse> CancelAsync(string sessionId) => await ApiResponse.From(await Api.CancelAsync(sessionId));

    public async Task<ApiResponse> GetAccountVerificationAsync(string accountId) => await ApiResponse.From(await Api.GetAccountVerificationAsync(accountId));

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
        return (sessionId, ApiAnswers.QrToken(identity.Json));
    }

    // ---- signed callbacks ----

    /// <summary>The face check each scan started, by QR token: the app runs the capture with it and the result names it.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _bizTokens = new();

    public async Task<ApiResponse> ScanAsync(string token, string appUserId)
    {
        var answer = await ApiResponse.From(await Api.ScanAsync(token, appUserId));
        if (answer.Status == HttpStatusCode.OK && answer.Str("face", "bizToken") is { } bizToken)
            _bizTokens[token] = bizToken;
        return answer;
    }

    /// <summary>The face check the scan of <paramref name="token"/> started (as the app received it).</summary>
    public string BizTokenOf(string token) => _bizTokens.TryGetValue(token, out var bizToken) ? bizToken : token;

    /// <summary>The face provider's result for the check the scan of <paramref name="token"/> started; <c>liveness_failed</c> sends <c>liveness: false</c>.</summary>
    public Task<ApiResponse> PostFaceResultAsync(string token, bool passed, string? reason = null, double? similarity = null) =>
        PostFaceResultForAsync(BizTokenOf(token), passed, reason != ErrorCodes.LivenessFailed, similarity ?? (passed ? 0.93 : 0.12));

    public async Task<ApiResponse> PostFaceResultForAsync(string bizToken, bool passed, bool liveness, double similarity) =>
        await ApiResponse.From(await Api.PostFaceResultAsync(new FaceResult(bizToken, passed, similarity, liveness, "face_" + Guid.NewGuid().ToString("N")[..12])));

    /// <summary>Posts <paramref name="body"/> signed with <paramref name="secret"/> at the node's clock's now (or <paramref name="signedAt"/>).</summary>
    public async Task<ApiResponse> PostSignedAsync(string path, string body, string secret, DateTimeOffset? signedAt = null, string? nonce = null) =>
        await ApiResponse.From(await Api.PostSignedAsync(path, Encoding.UTF8.GetBytes(body), secret, signedAt, nonce));

    /// <summary>The signature header for <paramref name="body"/>, at the node's clock's now unless told otherwise.</summary>
    public string Sign(string secret, byte[] body, DateTimeOffset? signedAt = null, string? nonce = null) => Api.Sign(secret, body, signedAt, nonce);

    public async Task<ApiResponse> PostWithSignatureAsync(string path, byte[] body, string? signatureHeader) =>
        await ApiResponse.From(await Api.PostWithSignatureAsync(path, body, signatureHeader));

    public static string NewNonce() => RealNameApiClient.NewNonce();

    /// <summary>The QR token: the <c>t</c> query value of a scan URL.</summary>
    public static string TokenFrom(string scanUrl) => ApiAnswers.TokenFrom(scanUrl);

    public static string Json(Dictionary<string, object?> value) => JsonSerializer.Serialize(value);
}
