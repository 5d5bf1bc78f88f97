namespace RealName.Abuse.Tests.Infrastructure;

/// <summary>The in-process <see cref="RealNameNode"/> with the production rate-limit defaults, unless <c>overrides</c> say otherwise.</summary>
public sealed class AbuseNode : RealNameNode
{
    private AbuseNode(IReadOnlyDictionary<string, string?> overrides)
        : base(new NodeOptions { Settings = overrides, RateLimits = true })
    {
    }

    public static Task<AbuseNode> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null) =>
        StartAsync(new AbuseNode(overrides ?? NodeOptions.NoSettings));
}
