using RealName.Host.Configuration;

namespace RealName.Host.Discovery;

/// <summary>
/// How a node finds its seed nodes (<c>RealName:Discovery</c>): hand-listed <see cref="RealNameOptions.SeedNodes"/>
/// (<c>none</c>, the default), or a lookup through Akka.Discovery — <c>config</c> (every node's remoting
/// address listed here) or <c>kubernetes</c> (the pods found through the Kubernetes API).
/// </summary>
public sealed class DiscoverySettings
{
    public const string None = "none";
    public const string Config = "config";
    public const string Kubernetes = "kubernetes";

    /// <summary><c>none</c>, <c>config</c> or <c>kubernetes</c>.</summary>
    public string Mode { get; set; } = None;

    /// <summary>The service the nodes look each other up by (the pods' <c>app</c> label on Kubernetes).</summary>
    public string ServiceName { get; set; } = "realname";

    /// <summary><c>config</c>: every node's remoting address, <c>host:port</c> (the same list on every node).</summary>
    public string[] Endpoints { get; set; } = [];

    /// <summary>How many nodes a lookup must find before they become seeds: the cluster's initial size.</summary>
    public int RequiredContacts { get; set; } = 2;

    /// <summary>How many lookups in a row must find the same nodes before they become seeds.</summary>
    public int StableLookups { get; set; } = 3;

    /// <summary>The pause between lookups, and how long one may take.</summary>
    public TimeSpan LookupInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary><c>kubernetes</c>: the name of the pods' remoting container port.</summary>
    public string PortName { get; set; } = "remoting";

    /// <summary><c>kubernetes</c>: the pod label selector, <c>{0}</c> standing for <see cref="ServiceName"/>.</summary>
    public string PodLabelSelector { get; set; } = "app={0}";

    /// <summary><c>kubernetes</c>: the namespace to look in; unset: the pod's own.</summary>
    public string? PodNamespace { get; set; }

    public bool Enabled => !IsMode(None);

    public bool IsMode(string mode) => string.Equals(Mode, mode, StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses, at start, a configuration that cannot find seeds.</summary>
    public void Validate(string[] seedNodes)
    {
        if (!Enabled)
            return;
        if (!IsMode(Config) && !IsMode(Kubernetes))
            throw new StartRefusedException($"RealName:Discovery:Mode must be none, config or kubernetes, not '{Mode}'.");
        if (seedNodes.Length > 0)
            throw new StartRefusedException("RealName:Discovery and RealName:SeedNodes exclude each other: discovery finds the seeds.");
        if (IsMode(Config) && Endpoints.Length == 0)
            throw new StartRefusedException("RealName:Discovery:Mode=config needs RealName:Discovery:Endpoints (every node's remoting host:port).");
        if (RequiredContacts < 1 || StableLookups < 1 || LookupInterval <= TimeSpan.Zero)
            throw new StartRefusedException("RealName:Discovery:RequiredContacts and StableLookups must be at least 1, LookupInterval positive.");
    }
}
