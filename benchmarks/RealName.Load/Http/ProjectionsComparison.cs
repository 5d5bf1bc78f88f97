using RealName.Load.Measuring;

namespace RealName.Load.Http;

/// <summary>
/// <c>--compare-projections</c>: the same scenarios on two fresh nodes in sequence, the first with the
/// results projection (read model and webhook outbox) and the second without, so the report gives
/// P1 with projections on vs off as ratios measured in one run (the machine is shared: ratios of
/// one run compare, absolute rates drift).
/// </summary>
public static class ProjectionsComparison
{
    private const string On = "projections on";
    private const string Off = "projections off";

    public static async Task<(string Target, IReadOnlyList<Figure> Figures)> RunAsync(
        LoadOptions options, Func<LoadOptions, Task<(string Target, IReadOnlyList<Figure> Figures)>> run)
    {
        Progress.Note($"  {On}: a node with RealName:Projections:Enabled=true …");
        var (target, on) = await run(With(options, enabled: true));
        Progress.Note($"  {Off}: a fresh node with RealName:Projections:Enabled=false …");
        var (_, off) = await run(With(options, enabled: false));
        var figures = on.Select(f => f with { Name = $"[{On}] {f.Name}" })
            .Concat(off.Select(f => f with { Name = $"[{Off}] {f.Name}" }))
            .ToList();
        // The node's rates (requests, flows, events), not the raw SQLite baselines, which no node setting moves.
        foreach (var measured in on.Where(f => f.Unit is "req/s" or "flows/s" or "events/s"))
        {
            if (off.FirstOrDefault(f => f.Name == measured.Name) is { Value: > 0 } without)
                figures.Add(new Figure($"{measured.Name}, {On} / {Off}", measured.Value, measured.Unit, measured.Latency, measured.Operations,
                    Baseline: $"[{Off}] {measured.Name}", BaselineValue: without.Value,
                    Note: without.Latency is { } l && measured.Latency is { } m ? $"p99 {m.P99:N0} ms on, {l.P99:N0} ms off" : null));
        }
        return ($"two nodes in sequence, {On} then {Off}: {target}", figures);
    }

    private static LoadOptions With(LoadOptions options, bool enabled) => options with
    {
        NodeArgs = [.. options.NodeArgs, $"--RealName:Projections:Enabled={(enabled ? "true" : "false")}"],
    };
}
