using RealName.Load.Measuring;

namespace RealName.Load.Http;

/// <summary>
/// The same scenarios on two fresh nodes in sequence, and each node rate of one as a ratio to the
/// other's (the machine is shared: ratios of one run compare, absolute rates drift).
/// </summary>
public static class NodeComparison
{
    /// <summary>A node to run: its label in the report and its options.</summary>
    public sealed record Side(string Label, LoadOptions Options);

    /// <summary>Runs <paramref name="first"/>, then <paramref name="second"/>; the ratios are <paramref name="measured"/> / the other side.</summary>
    public static async Task<(string Target, IReadOnlyList<Figure> Figures)> RunAsync(
        Side first, Side second, Side measured, Func<LoadOptions, Task<(string Target, IReadOnlyList<Figure> Figures)>> run)
    {
        Progress.Note($"  {first.Label}: a fresh node …");
        var (target, firstFigures) = await run(first.Options);
        Progress.Note($"  {second.Label}: a fresh node …");
        var (secondTarget, secondFigures) = await run(second.Options);
        var (measuredFigures, baselineFigures) = measured == first ? (firstFigures, secondFigures) : (secondFigures, firstFigures);
        var baseline = measured == first ? second : first;
        var figures = firstFigures.Select(f => f with { Name = $"[{first.Label}] {f.Name}" })
            .Concat(secondFigures.Select(f => f with { Name = $"[{second.Label}] {f.Name}" }))
            .ToList();
        // The node's rates (requests, flows, events), not the raw SQLite baselines, which no node setting moves.
        foreach (var figure in measuredFigures.Where(f => f.Unit is "req/s" or "flows/s" or "events/s"))
        {
            if (baselineFigures.FirstOrDefault(f => f.Name == figure.Name) is { Value: > 0 } other)
                figures.Add(new Figure($"{figure.Name}, {measured.Label} / {baseline.Label}", figure.Value, figure.Unit, figure.Latency, figure.Operations,
                    Baseline: $"[{baseline.Label}] {figure.Name}", BaselineValue: other.Value,
                    Note: other.Latency is { } l && figure.Latency is { } m ? $"p99 {m.P99:N0} ms {measured.Label}, {l.P99:N0} ms {baseline.Label}" : null));
        }
        var targets = target == secondTarget ? target : $"{target}; {secondTarget}";
        return ($"two nodes in sequence, {first.Label} then {second.Label}: {targets}", figures);
    }
}
