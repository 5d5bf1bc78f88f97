using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RealName.Host.Admin;
using RealName.Host.Hosting;
using RealName.Host.Http;

namespace RealName.Cli.Tests.Infrastructure;

/// <summary>
/// One real RealName node in this process, composed exactly as <c>Program.cs</c> does: real
/// Kestrel with both listeners on ephemeral loopback ports, a real SQLite data folder (deleted on
/// dispose), the sandbox credentials. Shared by the single-node specs through <see cref="SingleNodeCollection"/>.
/// </summary>
public sealed class SingleNode : IAsyncLifetime, IAsyncDisposable
{
    public const string AdminToken = "rn_test_admin";
    private const string ApiKey = "rn_test_key";
    private const string AppSecret = "rn_test_app_secret";
    private const string FaceSecret = "rn_test_face_secret";

    private static int _counter;
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "realname-cli-tests-" + Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string?> _overrides;
    private readonly bool _waitUntilReady;
    private WebApplication? _app;

    public SingleNode()
        : this(new Dictionary<string, string?>(), waitUntilReady: true)
    {
    }

    private SingleNode(IReadOnlyDictionary<string, string?> overrides, bool waitUntilReady)
    {
        _overrides = overrides;
        _waitUntilReady = waitUntilReady;
    }

    /// <summary>A dedicated node with other settings (dispose it); <paramref name="waitUntilReady"/> false for nodes meant never to be ready.</summary>
    public static async Task<SingleNode> StartAsync(IReadOnlyDictionary<string, string?> overrides, bool waitUntilReady)
    {
        var node = new SingleNode(overrides, waitUntilReady);
        try
        {
            await node.InitializeAsync();
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
        return node;
    }

    /// <summary>The admin listener as an operator names it: <c>127.0.0.1:port</c>.</summary>
    public string Admin { get; private set; } = "";

    /// <summary>The public listener as <c>127.0.0.1:port</c> (for "wrong port" specs).</summary>
    public string PublicAuthority => Public.BaseAddress!.Authority;

    /// <summary>A client of the public listener with the sandbox API key.</summary>
    public HttpClient Public { get; private set; } = null!;

    /// <summary>A client of the admin listener without credentials.</summary>
    public HttpClient AdminHttp { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        var settings = new Dictionary<string, string?>
        {
            ["RealName:DataPath"] = _dataPath,
            ["RealName:PublicUrl"] = "http://127.0.0.1:0",
            ["RealName:AdminUrl"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in _overrides)
            settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddRealName();
        var app = builder.Build();
        app.MapRealName();
        _app = app;
        await app.StartAsync();

        var publicUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var adminUri = app.Services.GetRequiredService<NodeListeners>().AdminUri;
        Admin = adminUri.Authority;
        Public = new HttpClient { BaseAddress = new Uri(publicUrl), Timeout = TimeSpan.FromSeconds(60) };
        Public.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        AdminHttp = new HttpClient { BaseAddress = adminUri, Timeout = TimeSpan.FromSeconds(60) };
        if (_waitUntilReady)
        {
            await Eventually.AwaitAssertAsync(async () =>
            {
                using var ready = await Public.GetAsync("/readyz");
                Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            }, TimeSpan.FromSeconds(60));
        }
    }

    public async Task DisposeAsync()
    {
        Public?.Dispose();
        AdminHttp?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a file handle may still be closing
        }
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    /// <summary>Runs the CLI against this node's admin port with the admin token.</summary>
    public Task<CliResult> CliAsync(params string[] command) => RealNameCtl.RunAsync(["--token", AdminToken, Admin, .. command]);

    /// <summary>A unique, valid ID number (region 110105, a unique birth date, ordinary sequence digits).</summary>
    public static string NewIdNumber()
    {
        var n = Interlocked.Increment(ref _counter);
        var first17 = $"110105{new DateOnly(1950, 1, 1).AddDays(n):yyyyMMdd}{100 + n % 800:D3}";
        return first17 + RealName.Domain.Identities.IdNumber.ComputeCheckCharacter(first17);
    }

    public static string NewAccount(string prefix) => $"acc_{prefix}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Takes a new session for the account through identity, scan and a passing face result; returns the session id.</summary>
    public async Task<string> VerifyAsync(string accountId, string idNumber, string name = "张三")
    {
        var created = await Send(HttpMethod.Post, "/v1/sessions", Json(new() { ["accountId"] = accountId, ["method"] = "face" }));
        var sessionId = created.GetProperty("id").GetString()!;
        var identity = await Send(HttpMethod.Post, $"/v1/sessions/{sessionId}/identity", Json(new() { ["name"] = name, ["idNumber"] = idNumber }));
        var scanUrl = new Uri(identity.GetProperty("qr").GetProperty("scanUrl").GetString()!);
        var token = Uri.UnescapeDataString(scanUrl.Query.Split("t=")[1]);
        var scan = await Signed("/v1/scan", Json(new() { ["token"] = token, ["appUserId"] = "app_" + accountId }), AppSecret);
        var bizToken = scan.GetProperty("face").GetProperty("bizToken").GetString();
        var face = await Signed("/v1/face-results", Json(new() { ["bizToken"] = bizToken, ["passed"] = true, ["similarity"] = 0.93, ["liveness"] = true, ["providerRef"] = "face_cli" }), FaceSecret);
        Assert.Equal("verified", face.GetProperty("status").GetString());
        return sessionId;
    }

    /// <summary>Takes a new session through three failing face results (the attempt limit); returns the session id.</summary>
    public async Task<string> FailFaceThreeTimesAsync(string accountId, string idNumber)
    {
        var sessionId = await CreateSessionAsync(accountId);
        var qr = await Send(HttpMethod.Post, $"/v1/sessions/{sessionId}/identity", Json(new() { ["name"] = "张三", ["idNumber"] = idNumber }));
        JsonElement face = default;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            if (attempt > 1)
                qr = await Send(HttpMethod.Post, $"/v1/sessions/{sessionId}/qr", "{}");
            var token = Uri.UnescapeDataString(new Uri(qr.GetProperty("qr").GetProperty("scanUrl").GetString()!).Query.Split("t=")[1]);
            var scan = await Signed("/v1/scan", Json(new() { ["token"] = token, ["appUserId"] = "app_" + accountId }), AppSecret);
            var bizToken = scan.GetProperty("face").GetProperty("bizToken").GetString();
            face = await Signed("/v1/face-results", Json(new() { ["bizToken"] = bizToken, ["passed"] = false, ["similarity"] = 0.1, ["liveness"] = true, ["providerRef"] = "face_cli" }), FaceSecret);
        }
        Assert.Equal("failed", face.GetProperty("status").GetString());
        Assert.Equal("too_many_attempts", face.GetProperty("lastError").GetProperty("code").GetString());
        return sessionId;
    }

    /// <summary>Creates a session (nothing else) and returns its id.</summary>
    public async Task<string> CreateSessionAsync(string accountId) =>
        (await Send(HttpMethod.Post, "/v1/sessions", Json(new() { ["accountId"] = accountId, ["method"] = "face" }))).GetProperty("id").GetString()!;

    private async Task<JsonElement> Send(HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await Read(await Public.SendAsync(request));
    }

    private async Task<JsonElement> Signed(string path, string body, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        request.Headers.TryAddWithoutValidation(CallbackSignature.Header, CallbackSignature.BuildHeader(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), nonce, bytes));
        return await Read(await Public.SendAsync(request));
    }

    private static async Task<JsonElement> Read(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
    }

    private static string Json(Dictionary<string, object?> value) => JsonSerializer.Serialize(value);
}

[CollectionDefinition(Name)]
public sealed class SingleNodeCollection : ICollectionFixture<SingleNode>
{
    public const string Name = "single node";
}
