using System.Data;
using Akka.Persistence.Sql.Config;
using Npgsql;
using NpgsqlTypes;
using RealName.Persistence.Journal;

namespace RealName.Persistence.Postgres;

/// <summary>
/// The PostgreSQL journal's write path (<see cref="JournalWriter"/>): a whole transaction's rows in one
/// prepared statement on a connection of its own — the journal rows from arrays (<c>unnest</c>), in
/// order, <c>RETURNING</c> their orderings, which the same statement joins to the tag rows.
/// </summary>
/// <remarks>
/// One statement for any number of rows, so it is prepared once per connection; one round trip for
/// the rows. Binary <c>COPY</c> is not used: it returns no orderings, and the tag rows need them
/// (a second query, or orderings taken from the sequence ahead, would cost a round trip more).
/// See docs/adr/0008-postgres-journal-write-path.md.
/// </remarks>
internal sealed class PostgresJournalWriter : JournalWriter
{
    private readonly string _connectionString;
    private readonly string _insert;
    private readonly string _tagIndex;
    private NpgsqlConnection? _connection;
    private NpgsqlCommand? _command;

    /// <param name="connectionString">The journal's; the writer's own connection is kept out of the pool, so that a broken one is never handed out again.</param>
    public PostgresJournalWriter(string connectionString, JournalTableConfig tables) : base("realname-journal-writer-pg")
    {
        _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;
        var c = tables.EventJournalTable.ColumnNames;
        var t = tables.TagTable.ColumnNames;
        _insert = $"""
            WITH written AS (
              INSERT INTO {Qualified(tables.SchemaName, tables.EventJournalTable.Name)} ({c.Created}, {c.Deleted}, {c.PersistenceId}, {c.SequenceNumber}, {c.Message}, {c.Manifest}, {c.Identifier}, {c.WriterUuid})
              SELECT r.created, false, r.pid, r.seq, r.message, r.manifest, r.identifier, r.writer
              FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[], $5::text[], $6::int[], $7::text[]) WITH ORDINALITY
                AS r(created, pid, seq, message, manifest, identifier, writer, n)
              ORDER BY r.n
              RETURNING {c.Ordering}, {c.PersistenceId}, {c.SequenceNumber})
            INSERT INTO {Qualified(tables.SchemaName, tables.TagTable.Name)} ({t.OrderingId}, {t.Tag}, {t.SequenceNumber}, {t.PersistenceId})
            SELECT w.{c.Ordering}, g.tag, g.seq, g.pid
            FROM unnest($8::text[], $9::bigint[], $10::text[]) AS g(pid, seq, tag)
            JOIN written w ON w.{c.PersistenceId} = g.pid AND w.{c.SequenceNumber} = g.seq
            """;
        _tagIndex = TagOrderingIndex(tables);
    }

    protected override void Commit(IReadOnlyList<JournalRowData> rows)
    {
        var values = Values(rows);
        NpgsqlTransaction transaction;
        try
        {
            transaction = Insert(values);
        }
        catch (NpgsqlException) when (_connection?.State != ConnectionState.Open)
        {
            // The held connection broke while idle (a restarted server, a killed backend): nothing was
            // committed, the server rolls back a transaction whose connection is gone, so once more on a new one.
            CloseConnection();
            transaction = Insert(values);
        }
        using (transaction)
            transaction.Commit();
    }

    private NpgsqlTransaction Insert(object[] values)
    {
        var command = Command();
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
        var transaction = _connection!.BeginTransaction();
        try
        {
            command.ExecuteNonQuery();
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    /// <summary>The statement's ten arrays: the journal rows' columns, then one element per tag of (persistence id, sequence number, tag).</summary>
    private static object[] Values(IReadOnlyList<JournalRowData> rows)
    {
        var tagCount = rows.Sum(r => r.Tags.Count);
        var (tagPids, tagSeqs, tags) = (new string[tagCount], new long[tagCount], new string[tagCount]);
        var i = 0;
        foreach (var row in rows)
        {
            foreach (var tag in row.Tags)
                (tagPids[i], tagSeqs[i], tags[i++]) = (row.PersistenceId, row.SequenceNr, tag);
        }
        return
        [
            rows.Select(r => r.Created).ToArray(), rows.Select(r => r.PersistenceId).ToArray(), rows.Select(r => r.SequenceNr).ToArray(),
            rows.Select(r => r.Message).ToArray(), rows.Select(r => r.Manifest).ToArray(), rows.Select(r => r.Identifier).ToArray(),
            rows.Select(r => r.WriterUuid).ToArray(), tagPids, tagSeqs, tags,
        ];
    }

    private NpgsqlCommand Command()
    {
        if (_command is not null)
            return _command;
        var connection = new NpgsqlConnection(_connectionString);
        _connection = connection;
        connection.Open();
        CreateTagIndex(connection);
        var command = new NpgsqlCommand(_insert, connection);
        foreach (var type in (NpgsqlDbType[])[NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Bytea, NpgsqlDbType.Text,
            NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Text])
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | type });
        command.Prepare();
        _command = command;
        return command;
    }

    /// <summary>
    /// <c>IF NOT EXISTS</c> is not safe against a concurrent creator: nodes starting together can get a
    /// unique violation on the catalog; another node created the index, which is what we wanted.
    /// </summary>
    private void CreateTagIndex(NpgsqlConnection connection)
    {
        try
        {
            using var index = new NpgsqlCommand(_tagIndex, connection);
            index.ExecuteNonQuery();
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateObject)
        {
        }
    }

    protected override void CloseConnection()
    {
        _command?.Dispose();
        _connection?.Dispose();
        _command = null;
        _connection = null;
    }
}
