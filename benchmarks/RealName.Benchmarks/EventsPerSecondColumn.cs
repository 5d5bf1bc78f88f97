using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace RealName.Benchmarks;

/// <summary>
/// Events per second of a benchmark whose <c>BatchSize</c> parameter is the events one invocation handles
/// (<c>OperationsPerInvoke</c> is a constant, so it cannot follow a parameter).
/// </summary>
public sealed class EventsPerSecondColumn : IColumn
{
    public string Id => nameof(EventsPerSecondColumn);
    public string ColumnName => "Events/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Events handled per second: BatchSize / Mean";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        summary[benchmarkCase]?.ResultStatistics is { Mean: > 0 } statistics && benchmarkCase.Parameters["BatchSize"] is int batch
            ? (batch / (statistics.Mean / 1e9)).ToString("N0", CultureInfo.InvariantCulture)
            : "-";

    public sealed class Config : ManualConfig
    {
        public Config() => AddColumn(new EventsPerSecondColumn());
    }
}
