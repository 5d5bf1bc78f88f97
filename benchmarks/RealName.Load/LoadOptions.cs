using System.Globalization;

namespace RealName.Load;

/// <summary>The command line of <c>realname-load</c>; see <see cref="Usage"/>.</summary>
public sealed record LoadOptions
{
    public static readonly string[] AllScenarios = ["healthz", "reads", "create", "p1", "p1-keyed", "scan"];

    /// <summary><c>http</c> (drive a node over HTTP), <c>registry</c> (the registry singleton in this process), <c>journal</c> (the journal alone) or <c>memory</c> (bytes per live session entity).</summary>
    public string Command { get; init; } = "http";
    public Uri Url { get; init; } = new("http://127.0.0.1:5080");
    public bool StartNode { get; init; }
    public IReadOnlyList<string> NodeArgs { get; init; } = [];
    public int? Pid { get; init; }
    public string? DataPath { get; init; }
    public string? JournalPostgres { get; init; }
    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;
    public int Connections { get; init; } = 64;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(3);
    public int LiveSessions { get; init; }
    public int ScanSessions { get; init; } = 2000;
    public string ApiKey { get; init; } = "rn_test_key";
    public string AppSecret { get; init; } = "rn_test_app_secret";
    public string FaceSecret { get; init; } = "rn_test_face_secret";
    public bool Json { get; init; }
    public int Identities { get; init; }
    public int Entities { get; init; } = 20_000;
    public string Synchronous { get; init; } = "FULL";
    public string? Hocon { get; init; }
    public bool RecoverOnly { get; init; }
    public bool CompareProjections { get; init; }
    public string? ComparePostgres { get; init; }
    public string? Postgres { get; init; }

    public const string Usage = """
        realname-load [http] [options]      drive a RealName node or cluster over HTTP
        realname-load registry [options]    the identity registry singleton in this process, on SQLite
        realname-load journal [options]     the production journal alone (SQLite, or PostgreSQL with --postgres), in this process
        realname-load memory [options]      managed memory per live session entity, in this process
        realname-load readmodel [options]   GET /v1/sessions' list queries on a SQLite read model of --entities sessions (default 1,000,000), in this process

        http options:
          --url URL              the node to drive (default http://127.0.0.1:5080)
          --start-node           start a fresh node from this build (temporary data folder, free port) and stop it after
          --node-arg ARG         an extra argument for the started node, e.g. --node-arg=--RealName:Persistence:Provider=postgres (repeatable)
          --pid PID              the node's process id, to report its RSS (known when --start-node)
          --data DIR             the node's data folder: its journal.db counts persisted events; the raw SQLite baseline writes there
          --journal-postgres CS  count persisted events in this PostgreSQL journal instead
          --scenarios LIST       comma-separated, of healthz,reads,create,p1,p1-keyed,scan (default: all; p1-keyed is P1
                                 with an Idempotency-Key on the identity step, reported against p1 when both run)
          --connections N        concurrent connections (default 64)
          --duration S           measured seconds per scenario (default 10)
          --warmup S             unmeasured seconds before each (default 3)
          --compare-projections  with --start-node: run the scenarios on a node with RealName:Projections:Enabled=true,
                                 then on a fresh one with false, and report the ratios on / off
          --compare-postgres CS  with --start-node: run the scenarios on a SQLite node, then on a fresh node whose journal
                                 is a new database (dropped after) on the PostgreSQL server of CS; report postgres / sqlite
          --live N               create N sessions, then report the node's RSS per live session (default 0: skip)
          --scan-sessions N      sessions prepared for the scan storm (default 2000)
          --api-key, --app-secret, --face-secret   credentials (default: the sandbox values)
          --json                 print the report as JSON on stdout (progress stays on stderr)

        registry options:
          --connections N        claims in flight at once (default 64)
          --duration S, --warmup S
          --identities N         then grow the registry to N identities and time its recovery (default 0: skip)
          --recover-only         only time the recovery of the registry already in --data (a fresh process, as after a restart)
          --data DIR             where its SQLite files go (default: a temporary folder, removed after)
          --synchronous MODE     SQLite synchronous: FULL (default), NORMAL or OFF
          --json

        journal options:
          --connections N        writers at once (default 64)
          --duration S, --warmup S
          --entities N           live entities written to (default 20000; the issue's set-up is 10000)
          --hocon TEXT           plugin settings over the node's, to try one, e.g. "akka.persistence.journal.sql.batch-size = 400"
          --postgres CS          the PostgreSQL journal in a new database on the server of CS (dropped after), against raw batched PostgreSQL inserts there
          --data DIR             where its SQLite files go (default: a temporary folder, removed after)
          --synchronous MODE     SQLite synchronous: FULL (default), NORMAL or OFF
          --json

        memory options:
          --entities N           entities of each kind (default 20000)
          --json
        """;

    public static LoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LoadOptions();
        var nodeArgs = new List<string>();
        var i = 0;
        if (args.Count > 0 && args[0] is "http" or "registry" or "journal" or "memory" or "readmodel")
        {
            options = options with { Command = args[0] };
            i = 1;
        }
        for (; i < args.Count; i++)
        {
            var (name, inline) = Split(args[i]);
            string Value() => inline ?? (++i < args.Count ? args[i] : throw new ArgumentException($"{name} needs a value."));
            options = name switch
            {
                "--url" => options with { Url = new Uri(Value()) },
                "--start-node" => options with { StartNode = true },
                "--node-arg" => Add(nodeArgs, Value(), options),
                "--pid" => options with { Pid = Int(name, Value()) },
                "--data" => options with { DataPath = Value() },
                "--journal-postgres" => options with { JournalPostgres = Value() },
                "--scenarios" => options with { Scenarios = ParseScenarios(Value()) },
                "--connections" => options with { Connections = Positive(name, Value()) },
                "--duration" => options with { Duration = Seconds(name, Value()) },
                "--warmup" => options with { Warmup = Seconds(name, Value(), allowZero: true) },
                "--live" => options with { LiveSessions = Int(name, Value()) },
                "--scan-sessions" => options with { ScanSessions = Positive(name, Value()) },
                "--api-key" => options with { ApiKey = Value() },
                "--app-secret" => options with { AppSecret = Value() },
                "--face-secret" => options with { FaceSecret = Value() },
                "--identities" => options with { Identities = Int(name, Value()) },
                "--entities" => options with { Entities = Positive(name, Value()) },
                "--synchronous" => options with { Synchronous = SyncMode(Value()) },
                "--hocon" => options with { Hocon = Value() },
                "--recover-only" => options with { RecoverOnly = true },
                "--compare-projections" => options with { CompareProjections = true },
                "--compare-postgres" => options with { ComparePostgres = Value() },
                "--postgres" => options with { Postgres = Value() },
                "--json" => options with { Json = true },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'."),
            };
        }
        if (options.RecoverOnly && options.DataPath is null)
            throw new ArgumentException("--recover-only needs --data: the folder of a registry grown before.");
        if (options.CompareProjections && !options.StartNode)
            throw new ArgumentException("--compare-projections needs --start-node: it starts one node with projections and one without.");
        if (options.ComparePostgres is not null && (!options.StartNode || options.CompareProjections))
            throw new ArgumentException("--compare-postgres needs --start-node (it starts a SQLite node and a PostgreSQL node) and not --compare-projections.");
        return options with { NodeArgs = nodeArgs };
    }

    private static (string Name, string? Inline) Split(string arg)
    {
        var eq = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 2 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    private static LoadOptions Add(List<string> list, string value, LoadOptions options)
    {
        list.Add(value);
        return options;
    }

    private static string[] ParseScenarios(string value)
    {
        var names = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = names.FirstOrDefault(n => !AllScenarios.Contains(n));
        if (unknown is not null)
            throw new ArgumentException($"Unknown scenario '{unknown}'; choose from {string.Join(",", AllScenarios)}.");
        return names;
    }

    private static string SyncMode(string value) =>
        value.ToUpperInvariant() is var mode && mode is "FULL" or "NORMAL" or "OFF"
            ? mode
            : throw new ArgumentException("--synchronous must be FULL, NORMAL or OFF.");

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{name} needs a whole number, not '{value}'.");

    private static int Positive(string name, string value) =>
        Int(name, value) is > 0 and var n ? n : throw new ArgumentException($"{name} must be at least 1.");

    private static TimeSpan Seconds(string name, string value, bool allowZero = false) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && (s > 0 || (allowZero && s == 0))
            ? TimeSpan.FromSeconds(s)
            : throw new ArgumentException($"{name} needs a number of seconds, not '{value}'.");
}
