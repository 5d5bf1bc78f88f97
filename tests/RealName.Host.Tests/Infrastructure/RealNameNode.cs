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
public sealed partial class RealNameNode : IAsyncDisposable, IAsyncLifetime
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
        DataPath = Path.Combine(Path.GetTempPath(), "realname-host-tests-" + Guid.NewGuid().ToString("N"));
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
}
