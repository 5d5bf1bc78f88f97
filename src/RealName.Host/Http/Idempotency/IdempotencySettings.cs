namespace RealName.Host.Http.Idempotency;

/// <summary><c>RealName:Idempotency</c>: how long a keyed answer is kept, and how long a running request holds its key.</summary>
public sealed class IdempotencySettings
{
    /// <summary>How long the same key and request get the first answer again (the contract: 24 h).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a request may hold its key unanswered before a retry may run instead (its node presumed dead).</summary>
    public TimeSpan RunningFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a request waits for the key's record; then 503 <c>idempotency_unavailable</c>, never run unguarded.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
