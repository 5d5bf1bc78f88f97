using OpenTelemetry.Metrics;
using RealName.Actors.Telemetry;

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
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RealNameMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            // No cached answers: a scrape right after an action must see it (scrapes are cheap).
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(Path).WithTags("Operations");
        return app;
    }
}
