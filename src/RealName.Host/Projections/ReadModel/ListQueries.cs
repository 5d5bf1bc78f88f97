using System.Data.Common;
using System.Text;

namespace RealName.Host.Projections.ReadModel;

/// <summary>One page of a list: the stored (masked) JSON bodies, newest first, and whether more follow.</summary>
public sealed record ListPage(IReadOnlyList<string> Bodies, bool HasMore);

/// <summary>The filters of <c>GET /v1/sessions</c> (and, with fewer of them, <c>GET /v1/appeals</c>).</summary>
public sealed record ListFilter(
    string? AccountId = null,
    string? Status = null,
    string? Method = null,
    DateTimeOffset? CreatedFrom = null,
    DateTimeOffset? CreatedTo = null,
    int Limit = 20,
    string? StartingAfter = null);

/// <summary>
/// Keyset pagination over the read model: newest first by (creation time, id); the cursor is the
/// id of the last item seen, whose creation time is looked up, so a page never skips or repeats a
/// row however many arrive meanwhile. Each filter has an index that starts with it.
/// </summary>
public sealed class ListQueries(ReadModelDb db)
{
    public Task<ListPage?> SessionsAsync(ListFilter filter, CancellationToken ct) =>
        PageAsync("rn_sessions", "created_at", filter, ct);

    public Task<ListPage?> AppealsAsync(ListFilter filter, CancellationToken ct) =>
        PageAsync("rn_appeals", "opened_at", filter with { Method = null, CreatedFrom = null, CreatedTo = null }, ct);

    /// <summary>The page, or null when <c>startingAfter</c> names no row.</summary>
    private async Task<ListPage?> PageAsync(string table, string timeColumn, ListFilter filter, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (filter.StartingAfter is { } after)
        {
            var cursor = await CursorAsync(connection, table, timeColumn, after, ct);
            if (cursor is null)
                return null;
            where.Add($"({timeColumn} < @cursorAt OR ({timeColumn} = @cursorAt AND id < @cursorId))");
            ReadModelDb.AddParameter(command, "@cursorAt", cursor.Value);
            ReadModelDb.AddParameter(command, "@cursorId", after);
        }
        Filter(command, where, "account_id", "@account", filter.AccountId);
        Filter(command, where, "status", "@status", filter.Status);
        Filter(command, where, "method", "@method", filter.Method);
        if (filter.CreatedFrom is { } from)
        {
            where.Add($"{timeColumn} >= @from");
            ReadModelDb.AddParameter(command, "@from", ReadModelDb.Millis(from));
        }
        if (filter.CreatedTo is { } to)
        {
            where.Add($"{timeColumn} < @to");
            ReadModelDb.AddParameter(command, "@to", ReadModelDb.Millis(to));
        }
        var sql = new StringBuilder($"SELECT body FROM {table}");
        if (where.Count > 0)
            sql.Append(" WHERE ").AppendJoin(" AND ", where);
        sql.Append($" ORDER BY {timeColumn} DESC, id DESC LIMIT @limit");
        ReadModelDb.AddParameter(command, "@limit", filter.Limit + 1);
        command.CommandText = sql.ToString();
        var bodies = new List<string>(filter.Limit + 1);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
                bodies.Add(reader.GetString(0));
        }
        var hasMore = bodies.Count > filter.Limit;
        if (hasMore)
            bodies.RemoveAt(bodies.Count - 1);
        return new ListPage(bodies, hasMore);
    }

    private static void Filter(DbCommand command, List<string> where, string column, string name, string? value)
    {
        if (value is null)
            return;
        where.Add($"{column} = {name}");
        ReadModelDb.AddParameter(command, name, value);
    }

    private static async Task<long?> CursorAsync(DbConnection connection, string table, string timeColumn, string id, CancellationToken ct)
    {
        await using var command = ReadModelDb.Command(connection, null, $"SELECT {timeColumn} FROM {table} WHERE id = @id", ("@id", id));
        var found = await command.ExecuteScalarAsync(ct);
        return found is null or DBNull ? null : Convert.ToInt64(found, System.Globalization.CultureInfo.InvariantCulture);
    }
}
