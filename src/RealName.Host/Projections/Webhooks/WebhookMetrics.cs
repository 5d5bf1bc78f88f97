using System.Diagnostics.Metrics;
using RealName.Actors.Telemetry;

namespace RealName.Host.Projections.Webhooks;

/// <summary>Webhook delivery and results projection metrics on the node's meter (served by <c>/metrics</c> on the admin port).</summary>
public static class WebhookMetrics
{
    private static readonly Meter Meter = new(RealNameMetrics.MeterName);

    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>(
        "realname.webhook.attempts", description: "Webhook delivery attempts, by outcome (delivered, retry)");

    private static readonly Histogram<double> Latency = Meter.CreateHistogram<double>(
        "realname.webhook.latency", unit: "s", description: "Time from a webhook request to its answer (or its failure)");

    private static readonly Counter<long> Disabled = Meter.CreateCounter<long>(
        "realname.webhook.endpoints.disabled", description: "Webhook endpoints disabled after a delivery failed for the maximum age");

    private static readonly Histogram<double> Lag = Meter.CreateHistogram<double>(
        "realname.projection.lag", unit: "s", description: "From a session event's time to the commit of its projection (read model and webhook outbox)");

    private static readonly Counter<long> Replays = Meter.CreateCounter<long>(
        "realname.projection.replays", description: "Open sessions' states the results projection rebuilt from the journal: not in its cache (after a restart, or evicted)");

    /// <summary>One open session's state rebuilt from its journal: a steady rise means more sessions in progress than the cache holds.</summary>
    public static void StateReplayed() => Replays.Add(1);

    /// <summary>One projected event's lag (wall clock: the node's clock may be a test's fake one, whose lag is meaningless).</summary>
    public static void ProjectionLag(double seconds) => Lag.Record(Math.Max(0, seconds));

    public static void Attempted(bool delivered, long latencyMs)
    {
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", delivered ? "delivered" : "retry"));
        Latency.Record(latencyMs / 1000.0); // seconds: Prometheus' base unit
    }

    public static void EndpointDisabled() => Disabled.Add(1);
}
