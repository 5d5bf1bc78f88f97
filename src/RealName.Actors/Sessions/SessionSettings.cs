namespace RealName.Actors.Sessions;

/// <summary>Session timings; bound from the <c>RealName:Sessions</c> configuration section.</summary>
public sealed class SessionSettings
{
    /// <summary>How long a session may take from creation to a terminal status.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long one QR token may be scanned.</summary>
    public TimeSpan QrTtl { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Lifetime of a corporate-account (E2) session: the micro-payment takes days to show on a statement.</summary>
    public TimeSpan CorporateAccountTtl { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How many accounts one enterprise (credit code) may verify.</summary>
    public int MaxAccountsPerEnterprise { get; set; } = 1;

    /// <summary>How long one SMS code may be entered.</summary>
    public TimeSpan CodeTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Idle time after which a session leaves its bucket's memory, and an idle bucket is passivated (their state stays in the journal).</summary>
    public TimeSpan PassivateAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the sweeper looks for overdue sessions nobody is talking to.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one outside check or registry request made by a session.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The least similarity (0–1) between the live face and the authority's photo that passes the
    /// face step; a lower score is <c>face_mismatch</c> even when the provider said passed.
    /// </summary>
    public double FaceMinSimilarity { get; set; } = Domain.Sessions.SessionRules.DefaultFaceMinSimilarity;

    /// <summary>Refuses the start on a threshold that would pass every face (≤ 0) or none (> 1).</summary>
    public void Validate()
    {
        if (!(FaceMinSimilarity > 0 && FaceMinSimilarity <= 1))
            throw new InvalidOperationException("RealName:Sessions:FaceMinSimilarity must be above 0 and at most 1.");
    }

    /// <summary>Pause between claim retries while the registry does not answer (e.g. during hand-over).</summary>
    public TimeSpan ClaimRetryInterval { get; set; } = TimeSpan.FromSeconds(1);
}
