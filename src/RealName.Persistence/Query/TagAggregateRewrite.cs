using System.Data.Common;
using System.Text.RegularExpressions;
using LinqToDB.Interceptors;

namespace RealName.Persistence.Query;

/// <summary>
/// Makes the read journal's tag lookup an index read. For every event a query returns, the plugin
/// asks for its tags with a correlated subquery that linq2db 6 writes as an aggregate over the whole
/// <c>tags</c> table with the row condition inside it —
/// <c>GROUP_CONCAT(CASE WHEN t1.ordering_id = x.ordering THEN t1.tag END) FROM tags t1</c> on SQLite,
/// <c>STRING_AGG(t1.tag, ';') FILTER (WHERE t1.ordering_id = x.ordering) FROM tags t1</c> on PostgreSQL —
/// so each event read scans every tag row: a batch of 500 events from a journal of a million
/// events reads 500 million rows. This interceptor moves the condition to the subquery's
/// <c>WHERE</c>, which the tags table's primary key <c>(ordering_id, tag)</c> answers; the result is the
/// same (both aggregates skip the rows the condition leaves out, and give NULL when none is left).
/// See docs/adr/0001-sqlite-journal-write-path.md, second addendum.
/// </summary>
public sealed partial class TagAggregateRewrite : CommandInterceptor
{
    public static readonly TagAggregateRewrite Instance = new();

    private TagAggregateRewrite()
    {
    }

    public override DbCommand CommandInitialized(CommandEventData eventData, DbCommand command)
    {
        command.CommandText = Rewrite(command.CommandText);
        return command;
    }

    /// <summary>The statement with every whole-table tag aggregate turned into an indexed one; any other statement unchanged.</summary>
    public static string Rewrite(string sql)
    {
        if (sql.Contains("GROUP_CONCAT(CASE", StringComparison.Ordinal))
            sql = SqliteAggregate().Replace(sql, "GROUP_CONCAT(${tag}, ${separator}) FROM ${from} WHERE ${tagOrdering} = ${eventOrdering}");
        if (sql.Contains(") FILTER (WHERE", StringComparison.Ordinal))
            sql = PostgresAggregate().Replace(sql, "STRING_AGG(${tag}, ${separator}) FROM ${from} WHERE ${tagOrdering} = ${eventOrdering}");
        return sql;
    }

    private const string Name = """(?:\[[^\]]+\]|"[^"]+"|\w+)""";
    private const string Column = Name + @"\." + Name;
    private const string Table = Name + @"(?:\." + Name + ")?";

    [GeneratedRegex(@"GROUP_CONCAT\(CASE\s+WHEN (?<tagOrdering>" + Column + @") = (?<eventOrdering>" + Column + @") THEN (?<tag>" + Column + @")\s+ELSE NULL\s+END, (?<separator>'[^']*')\)\s+FROM\s+(?<from>" + Table + " " + Name + ")")]
    private static partial Regex SqliteAggregate();

    [GeneratedRegex(@"STRING_AGG\((?<tag>" + Column + @"), (?<separator>'[^']*')\) FILTER \(WHERE (?<tagOrdering>" + Column + @") = (?<eventOrdering>" + Column + @")\)\s+FROM\s+(?<from>" + Table + " " + Name + ")")]
    private static partial Regex PostgresAggregate();
}
