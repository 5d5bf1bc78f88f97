using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RealName.Client;
using RealName.Host.Admin;
using RealName.Host.Hosting;

namespace RealName.Testing;

/// <summary>
/// One real RealName node in the test process, the one every in-process spec uses: the app composed
/// exactly as <c>Program.cs</c> does, on real Kestrel (loopback, free ports for the public and the
/// admin listener) and a real SQLite data folder, by default with a <see cref="FakeTimeProvider"/>
/// as its clock and the rate limits off (<see cref="NodeOptions"/> says otherwise). The data folder
/// outlives <see cref="RestartAsync"/>, so a restarted node reads the same journal; it is deleted on dispose.
/// </summary>
/// <remarks>
/// Usable as an xunit class or collection fixture (it starts in <see cref="IAsyncLifetime.InitializeAsync"/>)
/// or directly through <see cref="StartAsync(NodeOptions)"/> for tests that need a dedicated node
/// (restarts, other settings).
/// </remarks>
public partial class RealNameNode : IAsyncDisposable, IAsyncLifetime
{
    public const string ApiKey = "rn_test_key";
    public const string AppSecret = "rn_test_app_secret";
    public const string FaceSecret = "rn_test_face_secret";
    public const string AdminToken = "rn_test_admin";

    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromSeconds(60);

    private readonly NodeOptions _options;
    private readonly FakeTimeProvider? _clock;
    private WebApplication? _app;
    private HttpClient? _client;
    private HttpClient? _anonymous;
    private HttpClient? _adminAnonymous;
    private RealNameApiClient? _api;
    private bool _disposed;

    public RealNameNode()
        : this(new NodeOptions())
    {
    }

    protected RealNameNode(NodeOptions options)
    {
        _options = options;
        _clock = options.SystemClock ? null : new FakeTimeProvider(DateTimeOffset.UtcNow);
        DataPath = Path.Combine(Path.GetTempPath(), "realname-node-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>The data folder (journal, snapshots, dev keys), kept across restarts.</summary>
    public string DataPath { get; }

    /// <summary>The node's fake clock, shared by every incarnation of this node; starts at the real now.</summary>
    public FakeTimeProvider Clock => _clock ?? throw new InvalidOperationException("This node runs on the system clock.");

    /// <summary>The node's clock: the fake one, or the system's (<see cref="NodeOptions.SystemClock"/>).</summary>
    public TimeProvider Time => (TimeProvider?)_clock ?? TimeProvider.System;

    /// <summary>A client of the running incarnation: base address set, sandbox API key presented.</summary>
    public HttpClient Client => _client ?? throw new InvalidOperationException("The node is not running.");

    /// <summary>The address Kestrel bound for the running incarnation.</summary>
    public Uri BaseAddress => Client.BaseAddress!;

    /// <summary>A client of the running incarnation without any credentials (callbacks, auth tests).</summary>
    public HttpClient AnonymousClient => _anonymous ?? throw new InvalidOperationException("The node is not running.");

    /// <summary>The typed API client of the running incarnation: the frontend's calls with the API key, callbacks signed at the node's clock.</summary>
    public RealNameApiClient Api => _api ?? throw new InvalidOperationException("The node is not running.");

    /// <summary>A client of the running incarnation's admin listener without any credentials.</summary>
    public HttpClient AdminHttp => _adminAnonymous ?? throw new InvalidOperationException("The node is not running.");

    /// <summary>The admin listener's address.</summary>
    public Uri AdminUri => Services.GetRequiredService<NodeListeners>().AdminUri;

    /// <param name="overrides">Settings over the test defaults.</param>
    /// <param name="trusted">The only server certificate the node's clients accept (an https:// <c>PublicUrl</c> with a test certificate).</param>
    public static Task<RealNameNode> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null, X509Certificate2? trusted = null) =>
        StartAsync(new NodeOptions { Settings = overrides ?? NodeOptions.NoSettings, Trusted = trusted });

    public static Task<RealNameNode> StartAsync(NodeOptions options) => StartAsync(new RealNameNode(options));

    /// <summary>Starts <paramref name="node"/> (a fixture of a derived type), disposing it if it does not start.</summary>
    protected static async Task<TNode> StartAsync<TNode>(TNode node)
        where TNode : RealNameNode
    {
        ArgumentNullException.ThrowIfNull(node);
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

    /// <summary>The running host's services (e.g. the sandbox SMS outbox).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The node is not running.");

    /// <summary>A client for the admin listener, with the sandbox admin token (dispose it).</summary>
    public HttpClient CreateAdminClient()
    {
        var client = new HttpClient(CreateHandler()) { BaseAddress = AdminUri, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    /// <summary>A new client of the public listener with the sandbox API key (dispose it).</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient(CreateHandler()) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>The newest code the sandbox SMS gateway sent to <paramref name="phone"/>.</summary>
    public string LastSmsCode(string phone)
    {
        var text = Services.GetRequiredService<RealName.Actors.Providers.SandboxSmsGateway>().Outbox().First(m => m.Phone == phone).Text;
        return System.Text.RegularExpressions.Regex.Match(text, @"\d{6}").Value;
    }

    /// <summary>Stops the whole host (HTTP and actor system); the data folder stays.</summary>
    public async Task StopAsync()
    {
        var app = _app;
        _app = null;
        _api = null;
        _client?.Dispose();
        _client = null;
        _anonymous?.Dispose();
        _anonymous = null;
        _adminAnonymous?.Dispose();
        _adminAnonymous = null;
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
        GC.SuppressFinalize(this);
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
        };
        // Most specs drive many flows from one loopback address; the rate limits have their own specs (RealName.Abuse.Tests).
        if (!_options.RateLimits)
            settings["RealName:RateLimits:Enabled"] = "false";
        foreach (var (key, value) in _options.Settings)
            settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        // Before AddRealName, which only adds the system clock if none is registered.
        if (_clock is not null)
            builder.Services.AddSingleton<TimeProvider>(_clock);
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
        _adminAnonymous = new HttpClient(CreateHandler()) { BaseAddress = AdminUri, Timeout = TimeSpan.FromSeconds(60) };
        _api = new RealNameApiClient(client, _anonymous, ApiClients.Sandbox, Time);
        if (_options.WaitUntilReady)
            await WaitUntilReadyAsync(client);
    }

    /// <summary>A handler for this node's listeners: it accepts exactly the trusted certificate, if one was given.</summary>
    public SocketsHttpHandler CreateHandler(bool allowRedirects = true)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = allowRedirects };
        if (_options.Trusted is { } trusted)
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
