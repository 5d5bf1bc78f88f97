using RealName.Load.Measuring;

namespace RealName.Load.Http;

/// <summary>
/// <c>--compare-projections</c>: the same scenarios on two fresh nodes in sequence, the first with the
/// results projection (read model and webhook outbox) and the second without, so the report gives
/// P1 with projections on vs off as ratios measured in one run.
/// </summary>
public static class ProjectionsComparison
{
    public static Task<(string Target, IReadOnlyList<Figure> Figures)> RunAsync(
        LoadOptions options, Func<LoadOptions, Task<(string Target, IReadOnlyList<Figure> Figures)>> run)
    {
        var on = new NodeComparison.Side("projections on", With(options, enabled: true));
        return NodeComparison.RunAsync(on, new NodeComparison.Side("projections off", With(options, enabled: false)), on, run);
    }

    private static LoadOptions With(LoadOptions options, bool enabled) => options with
    {
        NodeArgs = [.. options.NodeArgs, $"--RealName:Projections:Enabled={(enabled ? "true" : "false")}"],
    };
}
