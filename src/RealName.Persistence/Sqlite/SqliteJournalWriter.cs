using Akka.Persistence.Sql.Config;
using Microsoft.Data.Sqlite;
using RealName.Persistence.Journal;

namespace RealName.Persistence.Sqlite;

/// <summary>
/// The SQLite journal's write path (<see cref="JournalWriter"/>): prepared statements on one connection,
/// a row at a time, and <c>RETURNING</c> the ordering of a tagged row for its tag rows.
/// </summary>
/// <remarks>
/// The plugin's per-batch work is serial on SQLite's one writer (see docs/adr/0001-sqlite-journal-write-path.md).
/// </remarks>
internal sealed class SqliteJournalWriter : JournalWriter
{
    private readonly Func<SqliteConnection> _connect;
    private readonly string _insertRow;
    private readonly string _insertTag;
    private readonly string _orderingColumn;
    private readonly string _tagIndex;
    private SqliteConnection? _connection;
    private SqliteCommand? _rowCommand;
    private SqliteCommand? _rowReturningCommand;
    private SqliteCommand? _tagCommand;

    public SqliteJournalWriter(Func<SqliteConnection> connect, JournalTableConfig tables) : base("realname-journal-writer")
    {
        _connect = connect;
        var journal = Qualified(tables.SchemaName, tables.EventJournalTable.Name);
        var c = tables.EventJournalTable.ColumnNames;
        _orderingColumn = c.Ordering;
        _insertRow = $"INSERT INTO {journal} ({c.Created}, {c.Deleted}, {c.PersistenceId}, {c.SequenceNumber}, {c.Message}, {c.Manifest}, {c.Identifier}, {c.WriterUuid}) "
            + "VALUES ($created, 0, $pid, $seq, $message, $manifest, $identifier, $writer)";
        var t = tables.TagTable.ColumnNames;
        _insertTag = $"INSERT INTO {Qualified(tables.SchemaName, tables.TagTable.Name)} ({t.OrderingId}, {t.Tag}, {t.SequenceNumber}, {t.PersistenceId}) "
            + "VALUES ($ordering, $tag, $seq, $pid)";
        _tagIndex = TagOrderingIndex(tables);
    }

    /// <summary>
    /// After the writes queued before it: <c>PRAGMA wal_checkpoint(TRUNCATE)</c> on the writer's own
    /// connection, so the WAL's copies of pages (rows later overwritten or deleted, in clear) are folded
    /// into the database file and the <c>-wal</c> file is cut to zero bytes. Runs on the writer thread,
    /// between transactions. Completes false when SQLite reported readers still on the WAL (busy).
    /// </summary>
    public Task<bool> CheckpointAsync() => BetweenTransactionsAsync(() =>
    {
        using var command = Connection().CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        using var reader = command.ExecuteReader();
        return reader.Read() && reader.GetInt64(0) == 0; // columns: busy, WAL frames, frames checkpointed
    });

    protected override void Commit(IReadOnlyList<JournalRowData> rows)
    {
        var connection = Connection();
        using var transaction = connection.BeginTransaction(deferred: false);
        _rowCommand!.Transaction = _rowReturningCommand!.Transaction = _tagCommand!.Transaction = transaction;
        foreach (var row in rows)
            Insert(row);
        transaction.Commit();
    }

    private void Insert(JournalRowData row)
    {
        var command = row.Tags.Count == 0 ? _rowCommand! : _rowReturningCommand!;
        var p = command.Parameters;
        p[0].Value = row.Created;
        p[1].Value = row.PersistenceId;
        p[2].Value = row.SequenceNr;
        p[3].Value = row.Message;
        p[4].Value = row.Manifest;
        p[5].Value = row.Identifier;
        p[6].Value = row.WriterUuid;
        if (row.Tags.Count == 0)
        {
            command.ExecuteNonQuery();
            return;
        }
        var ordering = (long)command.ExecuteScalar()!;
        var tags = _tagCommand!.Parameters;
        tags[0].Value = ordering;
        tags[2].Value = row.SequenceNr;
        tags[3].Value = row.PersistenceId;
        foreach (var tag in row.Tags)
        {
            tags[1].Value = tag;
            _tagCommand.ExecuteNonQuery();
        }
    }

    private SqliteConnection Connection()
    {
        if (_connection is not null)
            return _connection;
        var connection = _connect();
        connection.Open();
        using (var index = connection.CreateCommand())
        {
            index.CommandText = _tagIndex;
            index.ExecuteNonQuery();
        }
        _rowCommand = RowCommand(connection, _insertRow);
        _rowReturningCommand = RowCommand(connection, _insertRow + " RETURNING " + _orderingColumn);
        _tagCommand = connection.CreateCommand();
        _tagCommand.CommandText = _insertTag;
        foreach (var name in (string[])["$ordering", "$tag", "$seq", "$pid"])
            _tagCommand.Parameters.Add(new SqliteParameter { ParameterName = name });
        _connection = connection;
        return connection;
    }

    private static SqliteCommand RowCommand(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in (string[])["$created", "$pid", "$seq", "$message", "$manifest", "$identifier", "$writer"])
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    protected override void CloseConnection()
    {
        _rowCommand?.Dispose();
        _rowReturningCommand?.Dispose();
        _tagCommand?.Dispose();
        _connection?.Dispose();
        _rowCommand = _rowReturningCommand = _tagCommand = null;
        _connection = null;
    }
}
