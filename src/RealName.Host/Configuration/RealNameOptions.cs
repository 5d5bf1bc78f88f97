using RealName.Actors.Sessions;
using RealName.Host.Http.RateLimits;
using RealName.Host.Providers.Http;
using RealName.Persistence;
using RealName.Persistence.Sqlite;

namespace RealName.Host.Configuration;

/// <summary>
/// Everything a node is told, bound from the <c>RealName</c> section (appsettings, environment
/// variables <c>RealName__X</c>, command line <c>--RealName:X=…</c>). Defaults are the sandbox.
/// </summary>
public sealed class RealNameOptions
{
    public const string Section = "RealName";
    public const string SandboxProfile = "sandbox";
    public const string ProductionProfile = "production";

    /// <summary><c>sandbox</c> (test credentials and providers allowed) or <c>production</c> (refused).</summary>
    public string Profile { get; set; } = SandboxProfile;

    /// <summary>Where the public HTTP listener binds and what scan URLs point at.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Folder of the SQLite journal, snapshot store and the generated dev keys.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary>
    /// Frontend API keys, <c>{name, key, scopes}</c> (a plain string is a key with every scope, see
    /// <see cref="ApiKeyOptions"/>); none configured: the sandbox key (see <see cref="Credentials.ApiKeys"/>). Empty by
    /// default because the configuration binder appends to an initialised array, so a configured list
    /// could otherwise never drop the sandbox key (and the production profile could never start).
    /// </summary>
    public ApiKeyOptions[] ApiKeys { get; set; } = [];
    public string AppSecret { get; set; } = SandboxCredentials.AppSecret;
    public string FaceSecret { get; set; } = SandboxCredentials.FaceSecret;

    /// <summary>Named admin tokens, <c>{name, token}</c>; the name is recorded on every operator decision.</summary>
    public AdminTokenOptions[] AdminTokens { get; set; } = [];

    /// <summary>
    /// One more admin token, named <c>admin</c> (the option before tokens had names). Unset, with no
    /// <see cref="AdminTokens"/>: the sandbox token. Empty: adds no token.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>
    /// Where the admin listener (ops CLI, <c>/admin/…</c>) binds; keep it on loopback. Unset:
    /// <c>http://127.0.0.1:9110</c>, or an ephemeral port when <see cref="PublicUrl"/> binds port 0
    /// (test nodes, which must not collide on a fixed admin port).
    /// </summary>
    public string? AdminUrl { get; set; }

    /// <summary>Base64 of 32 random bytes: the AES-GCM key for personal data in the journal. Unset: a dev key in the data folder.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Base64 of at least 32 random bytes: the HMAC key of the registry's ID index. Unset: a dev key in the data folder.</summary>
    public string? IdKeySecret { get; set; }

    /// <summary>Akka remoting host and port (0 picks a free port).</summary>
    public string RemotingHost { get; set; } = "127.0.0.1";
    public int RemotingPort { get; set; }

    /// <summary>The host name other nodes reach this one by, when it differs from the bind address (containers). Unset: <see cref="RemotingHost"/>.</summary>
    public string? RemotingPublicHost { get; set; }

    /// <summary>Remoting security: <c>RealName:Remoting:Tls</c> (mutual TLS between nodes).</summary>
    public RemotingSettings Remoting { get; set; } = new();

    /// <summary>The certificate of the listeners whose URL is <c>https://</c>.</summary>
    public HttpsSettings Https { get; set; } = new();

    /// <summary>
    /// Reverse proxies (IP addresses or CIDR ranges) whose <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c>
    /// are honoured; empty (the default): forwarded headers are ignored and a client is its TCP peer.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>Seed nodes (<c>akka.tcp://realname@host:port</c>); none: the node forms a cluster of its own.</summary>
    public string[] SeedNodes { get; set; } = [];

    /// <summary>Seed nodes found through Akka.Discovery (config or Kubernetes) instead of <see cref="SeedNodes"/>; off by default.</summary>
    public Discovery.DiscoverySettings Discovery { get; set; } = new();

    /// <summary>Origins (<c>https://console.example.com</c>) a session's <c>returnUrl</c> may point to; empty: no <c>returnUrl</c> is accepted.</summary>
    public string[] AllowedReturnOrigins { get; set; } = [];

    /// <summary>Cluster roles of this node.</summary>
    public string[] Roles { get; set; } = ["realname"];

    /// <summary>
    /// Split-brain resolver (keep-majority): how long the membership must be stable before
    /// unreachable nodes are downed. Lower is faster fail-over, higher is fewer false downings
    /// (a node silent for the failure detector's 3 s plus this long is downed and must restart).
    /// </summary>
    public TimeSpan DowningStableAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the survivors wait after a downed node is removed before they start the singletons
    /// (the registry, the shard coordinator) and the shards it hosted: the time the other side of a
    /// partition has to stop its own copies. Akka's default is <see cref="DowningStableAfter"/> again;
    /// a kill -9 then costs detection + stable-after + margin. Zero: Akka's default.
    /// </summary>
    public TimeSpan DownRemovalMargin { get; set; } = TimeSpan.FromSeconds(2);

    public PersistenceSettings Persistence { get; set; } = new();

    /// <summary>
    /// Thread-pool threads the node starts with (workers and I/O). The SQLite driver blocks pool
    /// threads, and the pool adds threads slowly (about one per 500 ms once busy), so a few are kept
    /// ready; many more cost throughput: idle workers spin and yield before they sleep, and P1 on
    /// 2 cores ran ≈ 10–15 % slower with 64 than with 8 or .NET's default (benchmarks/README.md,
    /// eighth pass). 0 keeps .NET's default (one per core).
    /// </summary>
    public int MinPoolThreads { get; set; } = 8;

    public SessionSettings Sessions { get; set; } = new();

    /// <summary>Request budgets per IP, account, session and ID number (per node); see the README's Security section.</summary>
    public RateLimitSettings RateLimits { get; set; } = new();

    /// <summary><c>Idempotency-Key</c> records: retention (24 h), how long a running request holds its key, the wait for a record.</summary>
    public Http.Idempotency.IdempotencySettings Idempotency { get; set; } = new();

    /// <summary>The outside parties: <c>sandbox</c> (the default) or real vendors over <c>http</c>, with their endpoints and resilience.</summary>
    public ProvidersSettings Providers { get; set; } = new();

    /// <summary>
    /// Supported banks for P3 by card BIN (the card number's first digits) → <c>CODE</c>,
    /// <c>CODE:debit</c> or <c>CODE:credit</c> (see <see cref="RealName.Domain.Identities.SupportedBanks"/>).
    /// Binding from configuration adds to these defaults.
    /// </summary>
    public Dictionary<string, string> Banks { get; set; } = new()
    {
        ["622202"] = "ICBC:debit",
        ["621700"] = "CCB:debit",
        ["622848"] = "ABC:debit",
        ["621661"] = "BOC:debit",
        ["622588"] = "CMB:debit",
        ["622575"] = "CMB:credit",
    };

    public bool IsProduction => string.Equals(Profile, ProductionProfile, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The documented sandbox credentials of the contract; a production node refuses them.</summary>
public static class SandboxCredentials
{
    public const string ApiKey = "rn_test_key";
    public const string AppSecret = "rn_test_app_secret";
    public const string FaceSecret = "rn_test_face_secret";
    public const string AdminToken = "rn_test_admin";
}
