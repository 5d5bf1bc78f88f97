using System.Diagnostics;
using System.Globalization;

namespace RealName.Load.Measuring;

/// <summary>
/// The progress line on stderr (stdout stays clean for <c>--json</c>): once a second, the phase,
/// its elapsed time, the rate over the last second and the node's RSS when known.
/// </summary>
public sealed class Progress(Func<long?> rssBytes)
{
    /// <summary>The highest RSS seen by any tick, in bytes.</summary>
    public long PeakRss { get; private set; }

    public async Task TickAsync(string phase, TimeSpan duration, Func<long> count, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var last = count();
        var lastAt = started;
        while (true)
        {
            var left = duration - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
                break;
            await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), ct);
            var now = Stopwatch.GetTimestamp();
            var current = count();
            var rate = (current - last) / Stopwatch.GetElapsedTime(lastAt, now).TotalSeconds;
            (last, lastAt) = (current, now);
            Write(phase, Stopwatch.GetElapsedTime(started), duration, rate);
        }
        Console.Error.WriteLine();
    }

    /// <summary>Samples the RSS now (for phases that are not timed loops).</summary>
    public long? SampleRss()
    {
        var rss = rssBytes();
        if (rss is { } value && value > PeakRss)
            PeakRss = value;
        return rss;
    }

    public static void Note(string line) => Console.Error.WriteLine(line);

    private void Write(string phase, TimeSpan elapsed, TimeSpan duration, double rate)
    {
        var rss = SampleRss();
        var text = string.Create(CultureInfo.InvariantCulture,
            $"\r  {phase,-22} {elapsed.TotalSeconds,5:0}/{duration.TotalSeconds:0} s  {rate,10:N0} /s{(rss is { } r ? $"  rss {r / 1048576.0,6:0} MB" : "")}   ");
        Console.Error.Write(text);
    }
}
