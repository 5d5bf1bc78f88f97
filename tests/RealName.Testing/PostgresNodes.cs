using System.Security.Cryptography;

namespace RealName.Testing;

/// <summary>
/// Node processes on loopback sharing one <see cref="ScratchDatabase"/> and the same keys, with a
/// work folder of their own; disposing stops the nodes, drops the database and removes the folder.
/// </summary>
public abstract class PostgresNodes : IAsyncDisposable
{
    private readonly ScratchDatabase _database;

    protected PostgresNodes(ScratchDatabase database, string folderPrefix)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        WorkFolder = Path.Combine(Path.GetTempPath(), folderPrefix + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(WorkFolder);
        SharedSettings = new Dictionary<string, string>
        {
            ["RealName:Persistence:Provider"] = "postgres",
            ["RealName:Persistence:ConnectionString"] = database.ConnectionString,
            ["RealName:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RealName:IdKeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Akka"] = "Warning",
        };
    }

    public string ConnectionString => _database.ConnectionString;

    /// <summary>A folder of these nodes' (their data and logs), removed with them.</summary>
    public string WorkFolder { get; }

    /// <summary>The settings every node shares (database, keys, log levels); a derived group adds its own before starting nodes.</summary>
    protected Dictionary<string, string> SharedSettings { get; }

    /// <summary>Every node process of the group, stopped on dispose.</summary>
    protected abstract IEnumerable<NodeProcess> Processes { get; }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        foreach (var node in Processes)
            await node.DisposeAsync();
        await _database.DisposeAsync();
        try
        {
            Directory.Delete(WorkFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the folder is under the temporary folder.
        }
    }
}
