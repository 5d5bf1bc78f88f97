namespace RealName.Cli.Tests.Infrastructure;

/// <summary>
/// The in-process <see cref="RealNameNode"/> the CLI runs against: the system clock (the CLI shows
/// real times) and the production rate limits, as an operator's node has them. Shared by the
/// single-node specs through <see cref="SingleNodeCollection"/>.
/// </summary>
public sealed class SingleNode : RealNameNode
{
    public SingleNode()
        : this(NodeOptions.NoSettings, waitUntilReady: true)
    {
    }

    private SingleNode(IReadOnlyDictionary<string, string?> overrides, bool waitUntilReady)
        : base(new NodeOptions { Settings = overrides, SystemClock = true, RateLimits = true, WaitUntilReady = waitUntilReady })
    {
    }

    /// <summary>A dedicated node with other settings (dispose it); <paramref name="waitUntilReady"/> false for nodes meant never to be ready.</summary>
    public static Task<SingleNode> StartAsync(IReadOnlyDictionary<string, string?> overrides, bool waitUntilReady) =>
        StartAsync(new SingleNode(overrides, waitUntilReady));

    /// <summary>The admin listener as an operator names it: <c>127.0.0.1:port</c>.</summary>
    public string Admin => AdminUri.Authority;

    /// <summary>Runs the CLI against this node's admin port with the admin token.</summary>
    public Task<CliResult> CliAsync(params string[] command) => RealNameCtl.RunAsync(["--token", AdminToken, Admin, .. command]);
}

[CollectionDefinition(Name)]
public sealed class SingleNodeCollection : ICollectionFixture<SingleNode>
{
    public const string Name = "single node";
}
