using System.Diagnostics;
using System.Diagnostics.Metrics;
using RealName.Domain.Sessions;

namespace RealName.Actors.Telemetry;

/// <summary>
/// RealName's own instruments on the <c>RealName</c> meter. Actors record here through
/// <see cref="System.Diagnostics.Metrics"/> only, so they need not know OpenTelemetry; the host
/// decides whether anyone listens (its Prometheus exporter does).
/// </summary>
/// <remarks>
/// Labels are limited to <c>method</c>, <c>code</c> and <c>status</c>: small, closed sets that can
/// never carry personal data or an id (a label per session or account would also explode the
/// series count).
/// </remarks>
public static class RealNameMetrics
{
    public const string MeterName = "RealName";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> SessionsCreated = Meter.CreateCounter<long>(
        "realname.sessions.created", "{session}", "Sessions created, by method.");

    private static readonly Counter<long> SessionsVerified = Meter.CreateCounter<long>(
        "realname.sessions.verified", "{session}", "Sessions that ended verified, by method.");

    private static readonly Counter<long> SessionsFailed = Meter.CreateCounter<long>(
        "realname.sessions.failed", "{session}", "Sessions that ended failed, by method and error code.");

    private static readonly Counter<long> SessionsEnded = Meter.CreateCounter<long>(
        "realname.sessions.ended", "{session}", "Sessions that reached a terminal status (verified, failed, expired, canceled), by method and status.");

    /// <summary>Seconds, from 1 ms to 10 s: the SDK's default buckets are meant for milliseconds.</summary>
    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    };

    private static readonly Histogram<double> JournalWrite = Meter.CreateHistogram(
        "realname.journal.write.duration", "s", "Time from handing events to the journal until they are stored (per stored event).", null, SecondsBuckets);

    private static readonly Histogram<double> ClaimDuration = Meter.CreateHistogram(
        "realname.registry.claim.duration", "s", "Time from the start of a claim's batch write until its verdict leaves, by status (granted/refused) and refusal code.", null, SecondsBuckets);

    private static readonly Counter<long> Claims = Meter.CreateCounter<long>(
        "realname.registry.claims", "{claim}", "Registry claims decided, by status (granted/refused) and refusal code.");

    /// <summary>A timestamp to pass back to the recording methods (cheap, monotonic).</summary>
    public static long Start() => Stopwatch.GetTimestamp();

    /// <summary>
    /// Called by the session entity for each event once the journal has stored it (never during
    /// recovery, so a replay is not counted twice). <paramref name="after"/> is the state with the
    /// event applied.
    /// </summary>
    public static void SessionEventStored(SessionEvents.ISessionEvent stored, SessionState after, long startedAt)
    {
        JournalWrite.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
        var method = new KeyValuePair<string, object?>("method", after.Method.WireName());
        switch (stored)
        {
            case SessionEvents.Created:
                SessionsCreated.Add(1, method);
                return;
            case SessionEvents.Verified:
                SessionsVerified.Add(1, method);
                break;
            case SessionEvents.Failed failed:
                SessionsFailed.Add(1, method, new KeyValuePair<string, object?>("code", failed.Code));
                break;
            case SessionEvents.Expired or SessionEvents.Canceled:
                break;
            default:
                return;
        }
        SessionsEnded.Add(1, method, new KeyValuePair<string, object?>("status", after.Status.WireName()));
    }

    /// <summary>
    /// Called by the registry when a batch of decisions is stored, just before its verdicts leave
    /// (<c>null</c> code: granted). A claim's latency is counted from the start of its batch's
    /// journal write (waiting behind the previous batch is not in it; deciding takes microseconds).
    /// </summary>
    public static void RegistryBatchStored(long startedAt, IEnumerable<string?> refusalCodes)
    {
        var elapsed = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        JournalWrite.Record(elapsed);
        foreach (var code in refusalCodes)
        {
            if (code is null)
            {
                ClaimDuration.Record(elapsed, new KeyValuePair<string, object?>("status", "granted"));
                Claims.Add(1, new KeyValuePair<string, object?>("status", "granted"));
            }
            else
            {
                ClaimDuration.Record(elapsed, new KeyValuePair<string, object?>("status", "refused"), new KeyValuePair<string, object?>("code", code));
                Claims.Add(1, new KeyValuePair<string, object?>("status", "refused"), new KeyValuePair<string, object?>("code", code));
            }
        }
    }
}
