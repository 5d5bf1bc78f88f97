using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using RealName.Actors.Telemetry;
using RealName.Host.Admin;

namespace RealName.Host.Operations;

/// <summary>
/// <c>GET /metrics</c>: Prometheus text from OpenTelemetry. It exports RealName's meter (session
/// outcomes, journal writes, registry claims, cluster members, live sessions) and ASP.NET Core's
/// and Kestrel's own meters (HTTP latency histograms by route template, connections).
/// </summary>
public static class MetricsApi
{
    public const string Path = "/metrics";

    public static WebApplicationBuilder AddRealNameMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<NodeMetrics>();
        builder.Services.AddOpenTelemetry()
            // service.name on target_info; the instance is this process (several nodes may share a host).
            .ConfigureResource(resource => resource.AddService("realname", serviceVersion: typeof(MetricsApi).Assembly.GetName().Version?.ToString(),
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(metrics => metrics
            // System.Runtime: .NET's own runtime meter (GC, heap, thread pool, exceptions, CPU).
            .AddMeter(RealNameMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            // Three runtime gauges end in ".count", which Prometheus reserves for histograms (promtool refuses them).
            .AddView("dotnet.assembly.count", "dotnet.assemblies.loaded")
            .AddView("dotnet.process.cpu.count", "dotnet.process.cpus")
            .AddView("dotnet.timer.count", "dotnet.timers.active")
            // No cached answers: a scrape right after an action must see it (scrapes are cheap).
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> on the admin listener only (contract v2): the series describe the cluster and
    /// its providers, which is the operator's business; on the public listener it is 404.
    /// </summary>
    public static WebApplication MapMetricsApi(this WebApplication app)
    {
        var listeners = app.Services.GetRequiredService<NodeListeners>();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase) && listeners.IsAdmin(context));
        return app;
    }
}
