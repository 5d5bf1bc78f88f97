namespace RealName.Domain.Sessions;

/// <summary>The statuses of the HTTP contract; <see cref="SessionStatuses.WireName"/> gives their names.</summary>
public enum SessionStatus
{
    RequiresInput,
    AwaitingCode,
    AwaitingScan,
    Scanned,
    AwaitingAmount,
    Verified,
    Failed,
    Expired,
    Canceled,
}

public static class SessionStatuses
{
    public static bool IsTerminal(this SessionStatus status) =>
        status is SessionStatus.Verified or SessionStatus.Failed or SessionStatus.Expired or SessionStatus.Canceled;

    public static string WireName(this SessionStatus status) => status switch
    {
        SessionStatus.RequiresInput => "requires_input",
        SessionStatus.AwaitingCode => "awaiting_code",
        SessionStatus.AwaitingScan => "awaiting_scan",
        SessionStatus.Scanned => "scanned",
        SessionStatus.AwaitingAmount => "awaiting_amount",
        SessionStatus.Verified => "verified",
        SessionStatus.Failed => "failed",
        SessionStatus.Expired => "expired",
        SessionStatus.Canceled => "canceled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}

/// <summary>Verification methods of the contract. Only <see cref="Face"/> is served so far.</summary>
public enum VerificationMethod
{
    Face,
    Mobile,
    BankCard,
    GroupSync,
    Associate,
    LegalPersonFace,
    CorporateAccount,
    EnterpriseSync,
}

public static class VerificationMethods
{
    private static readonly (VerificationMethod Method, string Name)[] Names =
    [
        (VerificationMethod.Face, "face"),
        (VerificationMethod.Mobile, "mobile"),
        (VerificationMethod.BankCard, "bank_card"),
        (VerificationMethod.GroupSync, "group_sync"),
        (VerificationMethod.Associate, "associate"),
        (VerificationMethod.LegalPersonFace, "legal_person_face"),
        (VerificationMethod.CorporateAccount, "corporate_account"),
        (VerificationMethod.EnterpriseSync, "enterprise_sync"),
    ];

    public static string WireName(this VerificationMethod method) => Names.First(n => n.Method == method).Name;

    public static bool TryParse(string? name, out VerificationMethod method)
    {
        foreach (var (m, n) in Names)
        {
            if (n == name)
            {
                method = m;
                return true;
            }
        }
        method = default;
        return false;
    }

    public static bool IsEnterprise(this VerificationMethod method) =>
        method is VerificationMethod.LegalPersonFace or VerificationMethod.CorporateAccount or VerificationMethod.EnterpriseSync;

    /// <summary>One-click sync: completed with <c>POST …/authorize</c> from a sister group's directory, not typed-in details.</summary>
    public static bool IsSync(this VerificationMethod method) =>
        method is VerificationMethod.GroupSync or VerificationMethod.EnterpriseSync;
}
