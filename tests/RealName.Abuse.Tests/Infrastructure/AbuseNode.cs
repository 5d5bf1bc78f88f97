using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RealName.Host.Hosting;

namespace RealName.Abuse.Tests.Infrastructure;

/// <summary>
/// One real node composed as <c>Program.cs</c> does, on real Kestrel (loopback, a free port) and a
/// real SQLite data folder that outlives <see cref="RestartAsync"/>, with the production rate-limit
/// defaults unless <c>overrides</c> say otherwise (the approach of the host specs' RealNameNode).
/// </summary>
public sealed class AbuseNode : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, string?> _overrides;
    private WebApplication? _app;

    private AbuseNode(IReadOnlyDictionary<string, string?> overrides) => _overrides = overrides;

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "realname-abuse-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    /// <summary>The running node's services (its actor registry, for specs that take a part of the node away).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The node is not running.");

    public static async Task<AbuseNode> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var node = new AbuseNode(overrides ?? new Dictionary<string, string?>());
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

    /// <summary>A client with the sandbox API key.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "rn_test_key");
        return client;
    }

    /// <summary>A client for the admin listener with the sandbox admin token.</summary>
    public HttpClient CreateAdminClient()
    {
        var listeners = _app!.Services.GetRequiredService<RealName.Host.Admin.NodeListeners>();
        var client = new HttpClient { BaseAddress = listeners.AdminUri, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "rn_test_admin");
        return client;
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartHostAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        for (var attempt = 0; attempt < 5 && Directory.Exists(DataPath); attempt++)
        {
            try
            {
                Directory.Delete(DataPath, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(200); // a file handle may still be closing; best effort
            }
        }
    }

    private async Task StopAsync()
    {
        if (_app is not { } app)
            return;
        _app = null;
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task StartHostAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        var settings = new Dictionary<string, string?> { ["RealName:DataPath"] = DataPath, ["RealName:PublicUrl"] = "http://127.0.0.1:0" };
        foreach (var (key, value) in _overrides)
            settings[key] = value;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.AddRealName();
        var app = builder.Build();
        app.MapRealName();
        _app = app;
        await app.StartAsync();
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var client = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var ready = await client.GetAsync("/readyz");
                if (ready.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The node did not become ready within 30 s.");
            await Task.Delay(100); // polling readiness with a deadline
        }
    }
}
