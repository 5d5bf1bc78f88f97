using System.Diagnostics;

namespace RealName.Load.Measuring;

/// <summary>
/// A closed loop: <c>workers</c> tasks each run one operation after another (a new one when the
/// last answered), first for the warm-up, unmeasured, then for the measured duration. Latency is
/// the operation's wall time; an operation returns null on success or an error key.
/// </summary>
public static class ClosedLoop
{
    public delegate Task<string?> Operation(int worker, CancellationToken ct);

    public static async Task<LoopResult> RunAsync(
        string name, int workers, TimeSpan warmup, TimeSpan duration, Operation operation, Progress progress,
        Func<Task>? atMeasuredStart = null, Func<Task>? atMeasuredEnd = null, CancellationToken ct = default)
    {
        var recorders = Enumerable.Range(0, workers).Select(_ => new Recorder()).ToArray();
        var measuring = false;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        long done = 0;
        var tasks = recorders.Select((recorder, worker) => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var start = Stopwatch.GetTimestamp();
                string? error;
                try
                {
                    error = await operation(worker, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    error = ex is TaskCanceledException ? "timeout" : ex.GetType().Name;
                }
                Interlocked.Increment(ref done);
                if (Volatile.Read(ref measuring))
                    recorder.Add(Stopwatch.GetElapsedTime(start), error);
            }
        })).ToArray();

        await progress.TickAsync(name + " warm-up", warmup, () => Interlocked.Read(ref done), ct);
        if (atMeasuredStart is not null)
            await atMeasuredStart();
        Volatile.Write(ref measuring, true);
        var measuredFrom = Stopwatch.GetTimestamp();
        await progress.TickAsync(name, duration, () => Interlocked.Read(ref done), ct);
        Volatile.Write(ref measuring, false);
        var elapsed = Stopwatch.GetElapsedTime(measuredFrom);
        if (atMeasuredEnd is not null)
            await atMeasuredEnd();
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        return LoopResult.From(recorders, elapsed);
    }
}

/// <summary>One worker's measurements: written by that worker only, read after it stopped.</summary>
public sealed class Recorder
{
    public List<long> LatencyTicks { get; } = new(4096);
    public Dictionary<string, long> Errors { get; } = [];

    public void Add(TimeSpan latency, string? error)
    {
        LatencyTicks.Add(latency.Ticks);
        if (error is not null)
            Errors[error] = Errors.GetValueOrDefault(error) + 1;
    }
}

/// <summary>What a loop measured: operations per second, latency percentiles, errors by key.</summary>
public sealed record LoopResult(long Operations, TimeSpan Elapsed, Latency Latency, IReadOnlyDictionary<string, long> Errors)
{
    public double Rate => Operations / Elapsed.TotalSeconds;
    public long ErrorCount => Errors.Values.Sum();

    public static LoopResult From(IReadOnlyList<Recorder> recorders, TimeSpan elapsed)
    {
        var all = recorders.SelectMany(r => r.LatencyTicks).ToArray();
        var errors = recorders.SelectMany(r => r.Errors)
            .GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value));
        return new LoopResult(all.Length, elapsed, Latency.Of(all), errors);
    }
}

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record Latency(double P50, double P90, double P99, double Max)
{
    public static Latency Of(long[] ticks)
    {
        if (ticks.Length == 0)
            return new Latency(0, 0, 0, 0);
        Array.Sort(ticks);
        double At(double q) => TimeSpan.FromTicks(ticks[Math.Min(ticks.Length - 1, (int)Math.Ceiling(q * ticks.Length) - 1)]).TotalMilliseconds;
        return new Latency(At(0.50), At(0.90), At(0.99), TimeSpan.FromTicks(ticks[^1]).TotalMilliseconds);
    }
}
