namespace RealName.Host.Projections.Webhooks;

/// <summary>Webhook delivery (<c>RealName:Webhooks</c>).</summary>
public sealed class WebhookSettings
{
    /// <summary>Bound of one attempt: no answer within it is a failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry's delay; each next one doubles, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long a delivery is retried before it fails and its endpoint is disabled.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Attempts in flight to one endpoint (others have their own: a slow endpoint never holds them up).</summary>
    public int MaxInFlightPerEndpoint { get; set; } = 4;

    /// <summary>How often the dispatcher looks for due deliveries (it also looks after each projected batch).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The delay before attempt <paramref name="attempts"/> + 1: <see cref="FirstRetryDelay"/> × 2^(attempts − 1),
    /// capped, then a uniformly random half to all of it ("equal jitter"), so endpoints that failed together do not retry together.
    /// </summary>
    public TimeSpan Backoff(int attempts, double random)
    {
        var exponent = Math.Min(Math.Max(attempts - 1, 0), 30);
        var capped = Math.Min(FirstRetryDelay.TotalMilliseconds * Math.Pow(2, exponent), MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + 0.5 * random));
    }
}
