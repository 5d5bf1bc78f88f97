using Akka.Actor;
using Akka.Hosting;
using RealName.Actors.Budgets;
using RealName.Actors.Security;

namespace RealName.Host.Http.RateLimits;

/// <summary>
/// The HTTP layer's budgets, named as their <see cref="RateLimitSettings"/> keys (a refusal's <c>budget</c> field);
/// SMS per phone is spent inside the session's check (<see cref="SmsBudgetSettings.Key"/>).
/// </summary>
public enum Budget
{
    SessionsPerAccount,
    SessionsPerIp,
    SubmissionsPerSession,
    SubmissionsPerIp,
    SubmissionsPerIdNumber,
    SubmissionsPerGroupAccount,
    SubmissionsPerCreditCode,
    SubmissionsPerCorporateAccount,
    CodeChecksPerSession,
    CodeChecksPerIp,
    QrRefreshesPerSession,
    QrRefreshesPerIp,
    ScansPerToken,
    ScansPerIp,
    AppealsPerAccount,
    AppealsPerIp,
}

/// <summary>
/// The one service endpoints await to spend a budget: <see cref="TrySpendAsync"/> answers <c>null</c>
/// (go on), <c>429 rate_limited</c> with <c>Retry-After</c>, or — when the budget region does not
/// answer within <see cref="RateLimitSettings.Timeout"/> — <c>503 budget_unavailable</c> with
/// <c>Retry-After: 1</c>. Failing closed is deliberate: the budgets guard guessable secrets (codes,
/// amounts) and paid sends (SMS, payments); failing open would hand an attacker who can slow the
/// cluster (flood one budget's shard, cut a node off) unlimited guesses exactly when it is weakest.
/// </summary>
public sealed class ClusterBudgets
{
    private readonly IRequiredActor<ClusterBudgetMarker> _region;
    private readonly RealNameSecrets _secrets;
    private readonly ILogger<ClusterBudgets> _log;
    private readonly Dictionary<Budget, BudgetRule> _rules;
    private BudgetSpender? _spender;

    public ClusterBudgets(IRequiredActor<ClusterBudgetMarker> region, RealNameSecrets secrets, RateLimitSettings settings, ILogger<ClusterBudgets> log)
    {
        _region = region;
        _secrets = secrets;
        _log = log;
        Settings = settings;
        var s = settings;
        _rules = new Dictionary<Budget, BudgetRule>
        {
            [Budget.SessionsPerAccount] = RateLimitSettings.Rule("sessions-account", s.SessionsPerAccount),
            [Budget.SessionsPerIp] = RateLimitSettings.Rule("sessions-ip", s.SessionsPerIp),
            [Budget.SubmissionsPerSession] = RateLimitSettings.Rule("submissions-session", s.SubmissionsPerSession),
            [Budget.SubmissionsPerIp] = RateLimitSettings.Rule("submissions-ip", s.SubmissionsPerIp),
            [Budget.SubmissionsPerIdNumber] = RateLimitSettings.Rule("submissions-id", s.SubmissionsPerIdNumber),
            [Budget.SubmissionsPerGroupAccount] = RateLimitSettings.Rule("submissions-group", s.SubmissionsPerGroupAccount),
            [Budget.SubmissionsPerCreditCode] = RateLimitSettings.Rule("submissions-credit", s.SubmissionsPerCreditCode),
            [Budget.SubmissionsPerCorporateAccount] = RateLimitSettings.Rule("submissions-corporate", s.SubmissionsPerCorporateAccount),
            [Budget.CodeChecksPerSession] = RateLimitSettings.Rule("codes-session", s.CodeChecksPerSession),
            [Budget.CodeChecksPerIp] = RateLimitSettings.Rule("codes-ip", s.CodeChecksPerIp),
            [Budget.QrRefreshesPerSession] = RateLimitSettings.Rule("qr-session", s.QrRefreshesPerSession),
            [Budget.QrRefreshesPerIp] = RateLimitSettings.Rule("qr-ip", s.QrRefreshesPerIp),
            [Budget.ScansPerToken] = RateLimitSettings.Rule("scans-token", s.ScansPerToken),
            [Budget.ScansPerIp] = RateLimitSettings.Rule("scans-ip", s.ScansPerIp),
            [Budget.AppealsPerAccount] = RateLimitSettings.Rule("appeals-account", s.AppealsPerAccount),
            [Budget.AppealsPerIp] = RateLimitSettings.Rule("appeals-ip", s.AppealsPerIp),
        };
    }

    public RateLimitSettings Settings { get; }

    public bool Enabled => Settings.Enabled;

    /// <summary><c>null</c> when the request may go on; otherwise the refusal to answer with.</summary>
    public async Task<RefusalHttpResult?> TrySpendAsync(Budget budget, string subject, CancellationToken ct)
    {
        if (!Settings.Enabled)
            return null;
        _spender ??= new BudgetSpender(_region.ActorRef, _secrets.IdKeySecret, Settings.Timeout);
        try
        {
            var spent = await _spender.SpendAsync(_rules[budget], subject, ct);
            return spent.Granted ? null : RateLimiting.Refusal(spent.RetryAfter, budget.ToString());
        }
        catch (AskTimeoutException)
        {
            // The budget's name only: its subject may be personal data.
            _log.LogWarning("The budget region did not answer a {Budget} spend within {Timeout}; refused with 503", budget, Settings.Timeout);
            return RateLimiting.Unavailable();
        }
    }
}
