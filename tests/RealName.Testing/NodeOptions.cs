using System.Security.Cryptography.X509Certificates;

namespace RealName.Testing;

/// <summary>What a <see cref="RealNameNode"/> does differently from the defaults (sandbox, fake clock, rate limits off).</summary>
public sealed record NodeOptions
{
    public static readonly IReadOnlyDictionary<string, string?> NoSettings = new Dictionary<string, string?>();

    /// <summary>Settings over the test defaults.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = NoSettings;

    /// <summary>The only server certificate the node's clients accept (an https:// <c>PublicUrl</c> with a test certificate).</summary>
    public X509Certificate2? Trusted { get; init; }

    /// <summary>The production rate-limit defaults (the abuse specs); off otherwise.</summary>
    public bool RateLimits { get; init; }

    /// <summary>The system clock instead of a <c>FakeTimeProvider</c> (specs reading real times).</summary>
    public bool SystemClock { get; init; }

    /// <summary>False for nodes meant never to become ready.</summary>
    public bool WaitUntilReady { get; init; } = true;
}
