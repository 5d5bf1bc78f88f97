using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RealName.Domain.Sessions;
using RealName.Host.Hosting;
using RealName.Host.Http;

namespace RealName.Host.Tests.Infrastructure;

/// <summary>
/// One real RealName node: the app composed exactly as <c>Program.cs</c> does, on real Kestrel
/// (loopback, a free port) and a real SQLite data folder, with a <see cref="FakeTimeProvider"/> as
/// its clock. The data folder outlives <see cref="RestartAsync"/>, so a restarted node reads the
/// same journal; it is deleted on dispose.
/// </summary>
/// <remarks>
/// Usable as an xunit class fixture (it starts in <see cref="IAsyncLifetime.InitializeAsync"/>) or
/// directly through <see cref="StartAsync(IReadOnlyDictionary{string, string?})"/> for tests that need
/// a dedicated node (restarts, other settings).
/// </remarks>
public sealed class RealNameNode : IAsyncDisposable, IAsyncLifetime
{
    public const string ApiKey = "rn_test_key";
    public const string AppSecret = "rn_test_app_secret";
    public const string FaceSecret = "rn_test_face_secret";

    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(30);

    private readonly IReadOnlyDictionary<string, string?> _overrides;
    private readonly X509Certificate2? _trusted;
    private WebApplication? _app;
    private HttpClient? _client;
    private HttpClient? _anonymous;
    private bool _disposed;

    public RealNameNode()
        : this(new Dictionary<string, string?>())
    {
    }

    private RealNameNode(IReadOnlyDictionary<string, string?> overrides, X509Certificate2? trusted = null)
    {
        _overrides = overrides;
        _trusted = trusted;
        DataPath = Path.Combine(Path.GetTempPath(), "realname-host-tests", Guid.NewGuid().ToString("N"));
    }

    /// <summary>The data folder (journal, snapshots, dev keys), kept across restarts.</summary>
    public string DataPath { get; }

    /// <summary>The node's clock, shared by every incarnation of this node; starts at the real now.</summary>
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>A client of the running incarnation: base address set, sandbox API key presented.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The node is not running.");

    /// <summary>The address Kestrel bound for the running incarnation.</summary>
    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>A client of the running incarnation without any credentials (callbacks, auth tests).</summary>
    public HttpClient AnonymousClient => _anonymous ?? throw new InvalidOperationException("The node is not running.");

    /// <param name="overrides">Settings over the test defaults.</param>
    /// <param name="trusted">The only server certificate the node's clients accept (an https:// <c>PublicUrl</c> with a test certificate).</param>
    public static async Task<RealNameNode> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null, X509Certificate2? trusted = null)
    {
        var node = new RealNameNode(overrides ?? new Dictionary<string, string?>(), trusted);
        try
        {
            await node.StartHostAsync();
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    Task IAsyncLifetime.InitializeAsync() => StartHostAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    /// <summary>Stops the whole host (HTTP and actor system); the data folder stays.</summary>
    /// <summary>The running host's services (e.g. the sandbox SMS outbox).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The node is not running.");

    /// <summary>A client for the admin listener, with the sandbox admin token.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = new HttpClient { BaseAddress = Services.GetRequiredService<RealName.Host.Admin.NodeListeners>().AdminUri };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "rn_test_admin");
        return client;
    }

    /// <summary>The newest code the sandbox SMS gateway sent to <paramref name="phone"/>.</summary>
    public string LastSmsCode(string phone)
    {
        var text = Services.GetRequiredService<RealName.Actors.Providers.SandboxSmsGateway>().Outbox().First(m => m.Phone == phone).Text;
        return System.Text.RegularExpressions.Regex.Match(text, @"\d{6}").Value;
    }

    public async Task StopAsync()
    {
        var app = _app;
        _app = null;
        _client?.Dispose();
        _client = null;
        _anonymous?.Dispose();
        _anonymous = null;
        if (app is null)
            return;
        try
        {
            await app.StopAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    /// <summary>Stops the whole host and starts a new one on the same data folder and clock.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartHostAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        try
        {
            await StopAsync();
        }
        finally
        {
            await TryDeleteDataFolderAsync();
        }
    }

    private async Task StartHostAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_app is not null)
            throw new InvalidOperationException("The node is already running.");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        var settings = new Dictionary<string, string?>
        {
            ["RealName:DataPath"] = DataPath,
            ["RealName:PublicUrl"] = "http://127.0.0.1:0",
            // These specs drive many flows from one loopback address; the rate limits have their own specs (RealName.Abuse.Tests).
            ["RealName:RateLimits:Enabled"] = "false",
        };
        foreach (var (key, value) in _overrides)
            settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        // Before AddRealName, which only adds the system clock if none is registered.
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.AddRealName();

        var app = builder.Build();
        app.MapRealName();
        _app = app;
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no bound address.");
        var client = new HttpClient(CreateHandler()) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        _client = client;
        _anonymous = new HttpClient(CreateHandler()) { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        await WaitUntilReadyAsync(client);
    }

    /// <summary>A handler for this node's listeners: it accepts exactly the trusted certificate, if one was given.</summary>
    public SocketsHttpHandler CreateHandler(bool allowRedirects = true)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = allowRedirects };
        if (_trusted is { } trusted)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == trusted.GetCertHashString();
        return handler;
    }

    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow + ReadyDeadline;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await client.GetAsync("/readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The node did not become ready within {ReadyDeadline.TotalSeconds} s; last /readyz: {last}");
    }

    private async Task TryDeleteDataFolderAsync()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(DataPath))
                    Directory.Delete(DataPath, recursive: true);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file handle may still be closing; best effort, a few times.
                await Task.Delay(200);
            }
        }
    }

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
