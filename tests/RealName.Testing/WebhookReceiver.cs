using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RealName.Testing;

/// <summary>One POST the receiver got: the signature header, the raw body, the event's id and type, when it arrived.</summary>
public sealed record ReceivedWebhook(string? Signature, string Body, string EventId, string Type, string? ObjectId, DateTimeOffset At);

/// <summary>
/// A platform's webhook receiver, as a Kestrel app on loopback: records every delivery (raw body and
/// <c>RealName-Signature</c>) and answers 200, or 500 while <see cref="Failing"/>. It can be stopped
/// and started again on the same port (the receiver "killed" while deliveries keep coming).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication? _app;
    private int _port;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    /// <summary>While true, every delivery is answered 500 (and still recorded).</summary>
    public bool Failing { get; set; }

    public string Url => $"http://127.0.0.1:{_port}/hooks";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver.StartAgainAsync();
        return receiver;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IMeterFactory, PrivateMeters>();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        var app = builder.Build();
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var objectId = root.GetProperty("data").GetProperty("object").TryGetProperty("id", out var id) ? id.GetString() : null;
            Received.Enqueue(new ReceivedWebhook(request.Headers["RealName-Signature"].FirstOrDefault(), body,
                root.GetProperty("id").GetString()!, root.GetProperty("type").GetString()!, objectId, DateTimeOffset.UtcNow));
            return Failing ? Results.StatusCode(500) : Results.Ok();
        });
        await app.StartAsync();
        _port = new Uri(app.Urls.First()).Port;
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is null)
            return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    /// <summary>
    /// The receiver's own ASP.NET Core meters under other names: a node in the same test process listens
    /// to <c>Microsoft.AspNetCore.Hosting</c> by name, and OpenTelemetry drops the node's request metrics
    /// when an instrument of that name (the receiver's) is disposed.
    /// </summary>
    private sealed class PrivateMeters : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter("webhook-receiver." + options.Name, options.Version);
            lock (_meters)
                _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            lock (_meters)
                _meters.ForEach(m => m.Dispose());
        }
    }
}
