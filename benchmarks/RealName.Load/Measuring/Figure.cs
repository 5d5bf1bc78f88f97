namespace RealName.Load.Measuring;

/// <summary>
/// One line of the report: a rate (or size), its latency when it is a loop, its errors, and its
/// ratio to the baseline measured in the same run (the machine is shared, so absolute numbers
/// drift; ratios to same-run baselines are what compare across runs).
/// </summary>
public sealed record Figure(
    string Name,
    double Value,
    string Unit,
    Latency? Latency = null,
    long Operations = 0,
    IReadOnlyDictionary<string, long>? Errors = null,
    string? Baseline = null,
    double? BaselineValue = null,
    string? Note = null)
{
    public double? Ratio => BaselineValue is > 0 ? Value / BaselineValue : null;

    public long ErrorCount => Errors?.Values.Sum() ?? 0;

    public static Figure FromLoop(string name, string unit, LoopResult loop, string? baseline = null, double? baselineValue = null, string? note = null) =>
        new(name, loop.Rate, unit, loop.Latency, loop.Operations, loop.Errors, baseline, baselineValue, note);
}

/// <summary>A whole run: where, when, on what, and every figure.</summary>
public sealed record Report(
    DateTimeOffset StartedAt,
    string Target,
    string Machine,
    string Settings,
    IReadOnlyList<Figure> Figures);
