using RealName.Load.Measuring;
using RealName.Load.Target;

namespace RealName.Load.Http;

/// <summary>
/// <c>--compare-postgres CS</c>: the same scenarios on a fresh SQLite node, then on a fresh node whose
/// journal is a new database on the PostgreSQL server of <c>CS</c> (dropped after), so the report gives
/// PostgreSQL / SQLite as ratios measured in one run.
/// </summary>
public static class PostgresComparison
{
    public static async Task<(string Target, IReadOnlyList<Figure> Figures)> RunAsync(
        LoadOptions options, Func<LoadOptions, Task<(string Target, IReadOnlyList<Figure> Figures)>> run)
    {
        await using var database = await ScratchPostgresDatabase.CreateAsync(options.ComparePostgres!);
        var postgres = new NodeComparison.Side("postgres", options with
        {
            NodeArgs = [.. options.NodeArgs, "--RealName:Persistence:Provider=postgres", $"--RealName:Persistence:ConnectionString={database.ConnectionString}"],
            JournalPostgres = database.ConnectionString,
        });
        return await NodeComparison.RunAsync(new NodeComparison.Side("sqlite", options), postgres, postgres, run);
    }
}
