namespace RealName.Host.Http.RateLimits;

/// <summary>
/// The request budgets of <c>RealName:RateLimits</c>. Each is a fixed window per partition (an IP,
/// an account, a session, an ID-number key) and is kept in this node's memory: a cluster of N
/// nodes behind a balancer gives a client up to N times each budget. The per-session and
/// per-account budgets are tight because a real user needs a handful of calls; the per-IP ones
/// are loose because a platform's frontends call from a few servers on behalf of every user.
/// </summary>
public sealed class RateLimitSettings
{
    /// <summary>Off only for test rigs that drive thousands of requests from one loopback address; production keeps it on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>POST /v1/sessions</c> (and the page's change of method) per account.</summary>
    public WindowLimit SessionsPerAccount { get; set; } = new(10, TimeSpan.FromMinutes(10));

    /// <summary><c>POST /v1/sessions</c> per client IP.</summary>
    public WindowLimit SessionsPerIp { get; set; } = new(300, TimeSpan.FromMinutes(1));

    /// <summary><c>…/identity</c> and <c>…/code/resend</c> (provider checks and SMS sends) per session.</summary>
    public WindowLimit SubmissionsPerSession { get; set; } = new(10, TimeSpan.FromMinutes(10));

    /// <summary><c>…/identity</c> and <c>…/code/resend</c> per client IP.</summary>
    public WindowLimit SubmissionsPerIp { get; set; } = new(300, TimeSpan.FromMinutes(1));

    /// <summary><c>…/identity</c> per ID number, keyed by its HMAC (the number itself is never kept).</summary>
    public WindowLimit SubmissionsPerIdNumber { get; set; } = new(10, TimeSpan.FromHours(1));

    /// <summary><c>…/code</c> and <c>…/amount</c> (guessable secrets) per session.</summary>
    public WindowLimit CodeChecksPerSession { get; set; } = new(10, TimeSpan.FromMinutes(10));

    /// <summary><c>…/code</c> and <c>…/amount</c> per client IP.</summary>
    public WindowLimit CodeChecksPerIp { get; set; } = new(300, TimeSpan.FromMinutes(1));

    /// <summary><c>POST /v1/scan</c> (and the app stand-in's scan) per session named in the token.</summary>
    public WindowLimit ScansPerSession { get; set; } = new(10, TimeSpan.FromMinutes(2));

    /// <summary><c>POST /v1/scan</c> (and the app stand-in's scan) per client IP: the QR-guessing budget.</summary>
    public WindowLimit ScansPerIp { get; set; } = new(60, TimeSpan.FromMinutes(1));
}

/// <summary><see cref="Permits"/> requests per <see cref="Window"/> (fixed window).</summary>
public sealed class WindowLimit
{
    public WindowLimit()
    {
    }

    public WindowLimit(int permits, TimeSpan window)
    {
        Permits = permits;
        Window = window;
    }

    public int Permits { get; set; }

    public TimeSpan Window { get; set; }
}
