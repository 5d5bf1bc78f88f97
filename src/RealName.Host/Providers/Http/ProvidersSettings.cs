namespace RealName.Host.Providers.Http;

/// <summary>
/// Which outside parties a node talks to (<c>RealName:Providers</c>): the embedded sandbox, or real
/// vendors over HTTP (<see cref="VendorWire"/>), each with its own base URL and resilience knobs.
/// </summary>
public sealed class ProvidersSettings
{
    public const string SandboxMode = "sandbox";
    public const string HttpMode = "http";

    /// <summary><c>sandbox</c> (magic values, no network; refused by the production profile) or <c>http</c>.</summary>
    public string Mode { get; set; } = SandboxMode;

    /// <summary>The identity authority's name/ID check (P1's first step).</summary>
    public VendorSettings Identity { get; set; } = new();

    /// <summary>The mobile carrier's 3-factor check (P2).</summary>
    public VendorSettings Carrier { get; set; } = new();

    /// <summary>The bank's 4-factor check (P3).</summary>
    public VendorSettings Bank { get; set; } = new();

    /// <summary>The sister group's account directory (P4, P5).</summary>
    public VendorSettings Directory { get; set; } = new();

    /// <summary>The SMS gateway (P2, P3, P5 codes).</summary>
    public VendorSettings Sms { get; set; } = new();

    /// <summary>The business registry's enterprise check (E1, E2).</summary>
    public VendorSettings BusinessRegistry { get; set; } = new();

    /// <summary>The corporate micro-payment (E2).</summary>
    public VendorSettings Payment { get; set; } = new();

    /// <summary>The face provider: checks bound to an identity, verdicts fetched by <c>bizToken</c> (P1, E1, P2 escalation).</summary>
    public VendorSettings Face { get; set; } = new();

    public bool IsHttp => string.Equals(Mode, HttpMode, StringComparison.OrdinalIgnoreCase);

    public bool IsSandbox => string.Equals(Mode, SandboxMode, StringComparison.OrdinalIgnoreCase);

    /// <summary>The providers by their configuration names.</summary>
    private IEnumerable<(string Name, VendorSettings Settings)> All =>
    [
        (nameof(Identity), Identity), (nameof(Carrier), Carrier), (nameof(Bank), Bank), (nameof(Directory), Directory), (nameof(Sms), Sms),
        (nameof(BusinessRegistry), BusinessRegistry), (nameof(Payment), Payment), (nameof(Face), Face),
    ];

    /// <summary>Fails the start on a setting the resilience pipeline would only reject at the first call.</summary>
    public void Validate()
    {
        if (!IsHttp && !IsSandbox)
            throw new InvalidOperationException($"RealName:Providers:Mode must be '{SandboxMode}' or '{HttpMode}', not '{Mode}'.");
        if (!IsHttp)
            return;
        var problems = All.SelectMany(p => p.Settings.Problems().Select(problem => $"RealName:Providers:{p.Name}:{problem}")).ToList();
        if (problems.Count > 0)
            throw new InvalidOperationException("Invalid provider settings: " + string.Join("; ", problems) + ".");
    }
}

/// <summary>One vendor endpoint and how hard to try it before the session answers <c>503 provider_unavailable</c>.</summary>
public sealed class VendorSettings
{
    /// <summary>Absolute http(s) URL the wire protocol's paths are appended to (required in <c>http</c> mode).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer …</c> when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Timeout of one attempt. The session's <c>Sessions:CallTimeout</c> bounds the whole call
    /// (every attempt and backoff), so keep <c>(Retries + 1) × Timeout</c> near it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Upper bound of one call with all its retries and backoff.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a timeout, a transport error, 408, 429 or 5xx (0: none).</summary>
    public int Retries { get; set; } = 2;

    /// <summary>Median first backoff; it grows exponentially, with jitter so that nodes do not retry in step.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public CircuitBreakerSettings CircuitBreaker { get; set; } = new();

    internal IEnumerable<string> Problems()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            yield return "BaseUrl must be an absolute http(s) URL";
        if (Timeout < TimeSpan.FromMilliseconds(10))
            yield return "Timeout must be at least 10 ms";
        if (TotalTimeout < Timeout)
            yield return "TotalTimeout must not be shorter than Timeout";
        if (Retries is < 0 or > 10)
            yield return "Retries must be between 0 and 10";
        if (RetryDelay < TimeSpan.Zero)
            yield return "RetryDelay must not be negative";
        foreach (var problem in CircuitBreaker.Problems(Timeout))
            yield return "CircuitBreaker:" + problem;
    }
}

/// <summary>
/// Stops calling a vendor that keeps failing: when at least <see cref="MinimumThroughput"/> attempts
/// in <see cref="SamplingDuration"/> failed at <see cref="FailureRatio"/> or more, calls fail at once
/// for <see cref="BreakDuration"/>, then one trial attempt decides whether it closes again.
/// </summary>
public sealed class CircuitBreakerSettings
{
    public double FailureRatio { get; set; } = 0.5;

    public int MinimumThroughput { get; set; } = 10;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    internal IEnumerable<string> Problems(TimeSpan attemptTimeout)
    {
        if (FailureRatio is <= 0 or > 1)
            yield return "FailureRatio must be in (0, 1]";
        if (MinimumThroughput < 2)
            yield return "MinimumThroughput must be at least 2";
        if (SamplingDuration < TimeSpan.FromMilliseconds(500) || SamplingDuration < 2 * attemptTimeout)
            yield return "SamplingDuration must be at least 500 ms and twice the attempt Timeout";
        if (BreakDuration < TimeSpan.FromMilliseconds(500))
            yield return "BreakDuration must be at least 500 ms";
    }
}
