using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Akka.Persistence.Sql;
using Akka.Persistence.Sql.Config;
using Akka.Persistence.Sql.Journal;
using Akka.Serialization;
using Akka.Util;
using Microsoft.Data.Sqlite;
using Npgsql;
using RealName.Persistence.Postgres;
using RealName.Persistence.Sqlite;

namespace RealName.Persistence.Journal;

/// <summary>
/// Akka.Persistence.Sql's journal with two paths of our own, on the plugin's schema: its writes
/// (<see cref="JournalWriter"/>: every write waiting while a transaction commits goes into the next
/// one, through prepared statements on a connection kept open — <see cref="SqliteJournalWriter"/>,
/// <see cref="PostgresJournalWriter"/>); and the highest sequence number of a persistence id, which
/// every recovery asks for first (for a new session it is the only read).
/// Replays, deletes, queries and the schema are the plugin's own.
/// </summary>
/// <remarks>
/// The plugin ran both through linq2db with a transaction per call (see docs/adr/0001-sqlite-journal-write-path.md,
/// docs/adr/0008-postgres-journal-write-path.md). Configurations our writers do not support
/// (<see cref="JournalWriter.Supports"/>) keep the plugin's write path. Like the plugin, a read waits for
/// an in-flight write of the same persistence id, so an actor restarted right after persisting never
/// recovers below its last event.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor: its writer is disposed in PostStop, the actor lifecycle's end.")]
public sealed class RealNameSqlJournal : SqlWriteJournal
{
    private readonly ConcurrentDictionary<string, Task> _writesInFlight = new();
    private readonly Func<DbConnection>? _connect;
    private readonly string _highestSql = "";
    private readonly string _highestFromSql = "";
    private readonly JournalWriter? _writer;
    private readonly string? _defaultSerializer;
    private readonly string _writerUuid = Guid.NewGuid().ToString("N");

    public RealNameSqlJournal(Config journalConfig) : base(journalConfig)
    {
        var config = new JournalConfig(journalConfig.WithFallback(SqlPersistence.DefaultJournalConfiguration));
        if (config.DaoConfig.SqlCommonCompatibilityMode)
            return; // the metadata-table mode keeps the plugin's own query
        _connect = Connector(config);
        _defaultSerializer = config.DefaultSerializer;
        _writer = _connect is null || !JournalWriter.Supports(config) ? null : Writer(config, _connect);
        var table = config.TableConfig.EventJournalTable;
        var name = string.IsNullOrEmpty(config.TableConfig.SchemaName) ? table.Name : $"{config.TableConfig.SchemaName}.{table.Name}";
        var columns = table.ColumnNames;
        _highestSql = $"SELECT MAX({columns.SequenceNumber}) FROM {name} WHERE {columns.PersistenceId} = @pid";
        _highestFromSql = _highestSql + $" AND {columns.SequenceNumber} > @from";
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        var written = _writer is null ? base.WriteMessagesAsync(writes, cancellationToken) : WriteAsync(_writer, writes);
        foreach (var persistenceId in writes.Select(w => w.PersistenceId).Distinct())
        {
            _writesInFlight[persistenceId] = written;
            written.ContinueWith(
                done => _writesInFlight.TryRemove(KeyValuePair.Create(persistenceId, (Task)done)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return written;
    }

    /// <summary>
    /// Serializes the writes as the plugin does (tags from <see cref="Tagged"/>, the payload's own
    /// serializer and manifest, the timestamp) and hands the rows to the writer. A write that cannot
    /// be serialized is rejected alone; a failed transaction fails the whole call, as in the plugin.
    /// </summary>
    private async Task<IImmutableList<Exception>> WriteAsync(JournalWriter writer, IReadOnlyList<AtomicWrite> writes)
    {
        var now = DateTime.UtcNow.Ticks;
        var rows = new List<JournalRowData>();
        var rejections = new Exception?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                rows.AddRange(((IImmutableList<IPersistentRepresentation>)writes[i].Payload).Select(p => Row(p, now)).ToList());
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                rejections[i] = e;
            }
        }
        if (rows.Count > 0)
            await writer.WriteAsync(rows);
        return rejections.All(r => r is null) ? null! : ImmutableList.CreateRange<Exception>(rejections!);
    }

    private JournalRowData Row(IPersistentRepresentation representation, long now)
    {
        var (payload, tags) = representation.Payload is Tagged tagged
            ? (tagged.Payload, (IReadOnlyCollection<string>)tagged.Tags)
            : (representation.Payload, []);
        var serialization = Context.System.Serialization;
        var serializer = serialization.FindSerializerForType(payload.GetType(), _defaultSerializer);
        var manifest = serializer switch
        {
            SerializerWithStringManifest withManifest => withManifest.Manifest(payload),
            { IncludeManifest: true } => payload.GetType().TypeQualifiedName(),
            _ => "",
        };
        var message = Akka.Serialization.Serialization.WithTransport(serialization.System, () => serializer.ToBinary(payload));
        return new JournalRowData(representation.PersistenceId, representation.SequenceNr, representation.Timestamp == 0 ? now : representation.Timestamp,
            message, manifest, serializer.Identifier, _writerUuid, tags);
    }

    /// <summary>A <see cref="WalCheckpoint.Request"/> checkpoints the SQLite WAL on the writer's thread; without our SQLite writer there is nothing to fold in.</summary>
    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not WalCheckpoint.Request)
            return base.ReceivePluginInternal(message);
        var asker = Sender;
        if (_writer is not SqliteJournalWriter sqlite)
            asker.Tell(new WalCheckpoint.Done(true));
        else
            sqlite.CheckpointAsync().PipeTo(asker, success: complete => new WalCheckpoint.Done(complete), failure: e => new Status.Failure(e));
        return true;
    }

    protected override void PostStop()
    {
        _writer?.Dispose();
        base.PostStop();
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        if (_connect is null)
            return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        if (_writesInFlight.TryGetValue(persistenceId, out var inFlight))
            await inFlight.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        await using var connection = _connect();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = fromSequenceNr == 0 ? _highestSql : _highestFromSql;
        AddParameter(command, "@pid", persistenceId);
        if (fromSequenceNr != 0)
            AddParameter(command, "@from", fromSequenceNr);
        var highest = await command.ExecuteScalarAsync(cancellationToken);
        return highest is null or DBNull ? 0 : Convert.ToInt64(highest, CultureInfo.InvariantCulture);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static JournalWriter? Writer(JournalConfig config, Func<DbConnection> connect)
    {
        if (config.ProviderName.StartsWith("SQLite", StringComparison.OrdinalIgnoreCase))
            return new SqliteJournalWriter(() => (SqliteConnection)connect(), config.TableConfig);
        if (IsPostgres(config) && !string.IsNullOrEmpty(config.ConnectionString))
            return new PostgresJournalWriter(config.ConnectionString, config.TableConfig);
        return null;
    }

    private static bool IsPostgres(JournalConfig config) => config.ProviderName.StartsWith("PostgreSQL", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The connections the plugin itself uses: the linq2db connection factory from the actor
    /// system's <see cref="MultiDataOptionsSetup"/> (our tuned SQLite connections), else a
    /// PostgreSQL connection string from HOCON (Npgsql pools it). Anything else keeps the plugin's query.
    /// </summary>
    private static Func<DbConnection>? Connector(JournalConfig config)
    {
        var setup = Context.System.Settings.Setup.Get<MultiDataOptionsSetup>();
        if (config.PluginId is not null && setup.HasValue && setup.Value.TryGetDataOptionsFor(config.PluginId, out var options)
            && options?.ConnectionOptions.ConnectionFactory is { } factory)
            return () => factory(options);
        if (IsPostgres(config) && !string.IsNullOrEmpty(config.ConnectionString))
            return () => new NpgsqlConnection(config.ConnectionString);
        return null;
    }
}
