using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using RealName.Actors.Telemetry;

namespace RealName.Host.Providers.Http;

/// <summary>
/// Per provider (<c>identity</c>, <c>carrier</c>, <c>bank</c>, <c>directory</c>, <c>sms</c>,
/// <c>business_registry</c>, <c>payment</c>, <c>face</c>): call latency with every retry in it,
/// failed calls by reason, and the circuit breaker's state. Labels are the provider and a small
/// outcome set, never a URL (directory URLs carry account names).
/// </summary>
public static class ProviderMetrics
{
    private static readonly Meter Meter = new(RealNameMetrics.MeterName);

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "realname.provider.call.duration", "s", "One provider call with its retries, by provider and outcome (ok, error).", null,
        new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "realname.provider.call.errors", "{call}", "Failed provider calls, by provider and reason (status, timeout, transport, circuit_open).");

    /// <summary>0 closed, 1 half-open, 2 open; a provider appears once its client is registered (http mode).</summary>
    private static readonly ConcurrentDictionary<string, int> Circuits = new();

    static ProviderMetrics() =>
        Meter.CreateObservableGauge("realname.provider.circuit.state",
            () => Circuits.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("provider", c.Key))),
            "{state}", "Circuit breaker state per provider: 0 closed, 1 half-open, 2 open.");

    public static void Registered(string provider) => Circuits.TryAdd(provider, 0);

    public static void Circuit(string provider, int state) => Circuits[provider] = state;

    /// <summary>Outermost handler of a provider's client: sees the whole call, retries included.</summary>
    public sealed class Handler(string provider) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            string? failure = null;
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotFound)
                    failure = "status";
                return response;
            }
            catch (Exception ex)
            {
                failure = ex switch
                {
                    Polly.CircuitBreaker.BrokenCircuitException => "circuit_open",
                    OperationCanceledException or Polly.Timeout.TimeoutRejectedException => "timeout",
                    _ => "transport",
                };
                throw;
            }
            finally
            {
                var providerTag = new KeyValuePair<string, object?>("provider", provider);
                Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, providerTag, new KeyValuePair<string, object?>("outcome", failure is null ? "ok" : "error"));
                if (failure is not null)
                    Errors.Add(1, providerTag, new KeyValuePair<string, object?>("reason", failure));
            }
        }
    }
}
