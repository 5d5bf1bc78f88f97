using RealName.Host.Configuration;

namespace RealName.Host.Remoting;

/// <summary>
/// Production rule: a node told of seed nodes (or to discover them) is (or joins) a multi-node cluster, and without
/// remoting TLS any process that reaches its port could join, become Up and write into the registry.
/// </summary>
public static class RemotingTlsRule
{
    /// <summary>The refusal line, or null when the set-up is acceptable.</summary>
    public static string? Problem(RealNameOptions options) =>
        (options.SeedNodes.Length > 0 || options.Discovery.Enabled) && !options.Remoting.Tls.Enabled
            ? $"RealName:{(options.SeedNodes.Length > 0 ? "SeedNodes" : "Discovery")} is set (a multi-node cluster) but RealName:Remoting:Tls:Enabled is false: any process reaching the remoting port could join"
            : null;
}
