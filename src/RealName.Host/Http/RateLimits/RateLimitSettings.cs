using RealName.Actors.Budgets;
using RealName.Domain.Budgets;

namespace RealName.Host.Http.RateLimits;

/// <summary>
/// The request budgets of <c>RealName:RateLimits</c>. Each is a fixed window per subject (a client
/// address, an account, a session, a keyed hash of an ID number, phone, credit code or account
/// number) kept by the cluster itself: in memory, in one of the <c>budget</c> shard region's buckets
/// of subjects, so N nodes give a client the budget once, not N times. The per-session and
/// per-account budgets are tight because a real user needs a handful of calls; the per-IP ones are
/// loose because a platform's frontends call from a few servers on behalf of every user.
/// </summary>
public sealed class RateLimitSettings
{
    /// <summary>Off only for test rigs that drive thousands of requests from one loopback address; production keeps it on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a request waits for the budget region's answer. Unanswered: <c>503 budget_unavailable</c>
    /// (fail closed: a budget that can be skipped by slowing the cluster down is no budget).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

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

    /// <summary>P5 <c>…/identity</c> per target group account: associations, hence SMS and code checks, aimed at one target across sessions.</summary>
    public WindowLimit SubmissionsPerGroupAccount { get; set; } = new(5, TimeSpan.FromHours(1));

    /// <summary>E2 <c>…/identity</c> per credit code: micro-payments, hence amount guesses, aimed at one enterprise across sessions.</summary>
    public WindowLimit SubmissionsPerCreditCode { get; set; } = new(5, TimeSpan.FromDays(1));

    /// <summary>E2 <c>…/identity</c> per corporate account number (keyed by its HMAC): payments sent to one account.</summary>
    public WindowLimit SubmissionsPerCorporateAccount { get; set; } = new(5, TimeSpan.FromDays(1));

    /// <summary>SMS sends (first codes and resends, every flow) per phone number, keyed by its HMAC.</summary>
    public WindowLimit SmsPerPhone { get; set; } = new(5, TimeSpan.FromHours(1));

    /// <summary>The same phone's daily budget, held together with <see cref="SmsPerPhone"/>.</summary>
    public WindowLimit SmsPerPhonePerDay { get; set; } = new(10, TimeSpan.FromDays(1));

    /// <summary><c>…/code</c> and <c>…/amount</c> (guessable secrets) per session.</summary>
    public WindowLimit CodeChecksPerSession { get; set; } = new(10, TimeSpan.FromMinutes(10));

    /// <summary><c>…/code</c> and <c>…/amount</c> per client IP.</summary>
    public WindowLimit CodeChecksPerIp { get; set; } = new(300, TimeSpan.FromMinutes(1));

    /// <summary><c>POST …/qr</c> per session: each refresh is a journal event replayed on recovery.</summary>
    public WindowLimit QrRefreshesPerSession { get; set; } = new(10, TimeSpan.FromMinutes(10));

    /// <summary><c>POST …/qr</c> per client IP.</summary>
    public WindowLimit QrRefreshesPerIp { get; set; } = new(300, TimeSpan.FromMinutes(1));

    /// <summary>
    /// <c>POST /v1/scan</c> per QR token (session and the token's hash): replays of one token. Keyed
    /// by the token, not the session, so scans with wrong tokens naming a session never spend the
    /// budget its genuine token needs.
    /// </summary>
    public WindowLimit ScansPerToken { get; set; } = new(10, TimeSpan.FromMinutes(2));

    /// <summary><c>POST /v1/scan</c> (and the app stand-in's scan) per client IP: the QR-guessing budget.</summary>
    public WindowLimit ScansPerIp { get; set; } = new(60, TimeSpan.FromMinutes(1));

    /// <summary><c>POST /v1/appeals</c> per appellant account.</summary>
    public WindowLimit AppealsPerAccount { get; set; } = new(3, TimeSpan.FromDays(1));

    /// <summary><c>POST /v1/appeals</c> per client IP.</summary>
    public WindowLimit AppealsPerIp { get; set; } = new(60, TimeSpan.FromHours(1));

    /// <summary>Open event streams (<c>…/events</c>) of one session on this node; more: <c>429 rate_limited</c>.</summary>
    public int StreamsPerSession { get; set; } = 4;

    /// <summary>Open event streams of one client address on this node; more: <c>429 rate_limited</c>.</summary>
    public int StreamsPerClient { get; set; } = 64;

    /// <summary>Open event streams on this node; more: <c>503 streams_busy</c>.</summary>
    public int StreamsPerNode { get; set; } = 2_000;

    /// <summary>Callback nonces and redeemed link tokens this node remembers at most; when full, new ones are refused (fail closed).</summary>
    public int MaxRememberedNonces { get; set; } = 1_000_000;

    internal static BudgetRule Rule(string name, params WindowLimit[] limits) =>
        new(name, limits.Select(l => BudgetWindows.Normalize(new BudgetLimit(l.Permits, l.Window))).ToArray());
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
