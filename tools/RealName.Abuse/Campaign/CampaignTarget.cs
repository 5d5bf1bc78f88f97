namespace RealName.Abuse.Campaign;

/// <summary>Where the campaign sends its requests and the sandbox credentials it signs and authorizes with.</summary>
public sealed record CampaignTarget(
    Uri BaseAddress,
    string ApiKey = "rn_test_key",
    string AppSecret = "rn_test_app_secret",
    string FaceSecret = "rn_test_face_secret");

/// <summary>What a run tried and what broke a property (each violation names its request, never a personal value).</summary>
public sealed class CampaignResult
{
    private readonly List<string> _violations = [];

    public int RequestsTried { get; internal set; }

    public int RateLimited { get; internal set; }

    /// <summary>Bare 400s of Kestrel's own HTTP parser (a NUL in the request target): before any middleware, so not problem+json.</summary>
    public int ProtocolRefusals { get; internal set; }

    /// <summary>Answers checked for every submitted personal value in clear.</summary>
    public int RedactionsVerified { get; internal set; }

    /// <summary>Replayed or forged callbacks that were refused.</summary>
    public int ReplaysRejected { get; internal set; }

    public IReadOnlyList<string> Violations => _violations;

    /// <summary>Every session the run created (for the restart-and-read check).</summary>
    public HashSet<string> Sessions { get; } = new(StringComparer.Ordinal);

    internal void Violation(string text)
    {
        lock (_violations)
            _violations.Add(text);
    }
}
