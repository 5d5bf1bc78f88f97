using System.Data.Common;
using System.Globalization;

namespace RealName.Host.Projections.ReadModel;

/// <summary>The projections' stored offsets (the journal's ordering of the last event projected), in the read-model database.</summary>
public static class Offsets
{
    public static async Task<long> LoadAsync(ReadModelDb db, string name, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        await using var command = ReadModelDb.Command(connection, null, "SELECT offset_value FROM rn_projection_offsets WHERE name = @name", ("@name", name));
        var found = await command.ExecuteScalarAsync(ct);
        return found is null or DBNull ? 0 : Convert.ToInt64(found, CultureInfo.InvariantCulture);
    }

    public static Task<int> StoreAsync(DbConnection connection, DbTransaction transaction, string name, long offset, CancellationToken ct) =>
        ReadModelDb.ExecuteAsync(connection, transaction, """
            INSERT INTO rn_projection_offsets (name, offset_value, updated_at) VALUES (@name, @offset, @now)
            ON CONFLICT (name) DO UPDATE SET offset_value = excluded.offset_value, updated_at = excluded.updated_at
            WHERE rn_projection_offsets.offset_value < excluded.offset_value
            """, ct, ("@name", name), ("@offset", offset), ("@now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
}
