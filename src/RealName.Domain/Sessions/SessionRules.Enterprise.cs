using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Sessions;

/// <summary>Enterprise verification: legal-person face scan (E1) and corporate-account micro-payment (E2).</summary>
public static partial class SessionRules
{
    /// <summary>Wrong amounts allowed; the third fails the session with <c>too_many_attempts</c>.</summary>
    public const int MaxWrongAmounts = 3;

    /// <summary>
    /// The alphabet of the E2 payment's remark code (A–Z and 2–9 without I, O, 0, 1, which read
    /// alike on a statement): 32 characters, so a 6-character code has 2^30 values and a blind
    /// guess of amount and code hits one in 99 × 2^30 ≈ 1.06e11.
    /// </summary>
    public const string RemarkAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public const int RemarkLength = 6;

    /// <summary>Whether <paramref name="remark"/> (already upper-cased) can be a remark code.</summary>
    public static bool IsRemark(string remark) => remark.Length == RemarkLength && remark.All(c => RemarkAlphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>Whether enterprise details may be submitted now.</summary>
    public static SessionError? CanSubmitEnterprise(SessionState state, DateTimeOffset now)
    {
        if (!state.Exists)
            return new SessionError(ErrorCodes.SessionNotFound, "No such session.");
        return state.Method.IsEnterprise()
            ? CanTakeDetails(state, now, "Enterprise")
            : new SessionError(ErrorCodes.InvalidRequest, $"A {state.Method.WireName()} session takes personal details, not an enterprise.");
    }

    /// <summary>The fields each enterprise method takes; a message naming what is wrong, or null.</summary>
    public static string? CheckEnterpriseFields(VerificationMethod method, bool legalPerson, bool corporateAccount) => method switch
    {
        VerificationMethod.LegalPersonFace when legalPerson && !corporateAccount => null,
        VerificationMethod.CorporateAccount when corporateAccount && !legalPerson => null,
        VerificationMethod.LegalPersonFace => "A legal_person_face session takes exactly: subjectType, enterpriseName, creditCode, legalPersonName, legalPersonIdNumber.",
        VerificationMethod.CorporateAccount => "A corporate_account session takes exactly: subjectType, enterpriseName, creditCode, bankName, accountNumber.",
        _ => $"A {method.WireName()} session takes no enterprise details.",
    };

    /// <summary>Typed-in enterprise details: the fields the method takes, then the business registry, registry and (E2) payment.</summary>
    private static Decision DecideRequestEnterprise(SessionState state, RequestEnterprise request, DateTimeOffset now)
    {
        if (CanSubmitEnterprise(state, now) is { } error)
            return new Decision([], error);
        var d = request.Details;
        if (CheckEnterpriseFields(state.Method, d.LegalPersonName is not null && d.LegalPersonIdNumber is not null, d.BankName is not null && d.AccountNumber is not null) is { } fieldsError)
            return Decision.Refuse(ErrorCodes.InvalidRequest, fieldsError);
        return Decision.Needs(new SessionChecks.CheckEnterprise(state.AccountId, state.Method, d.OwnedBy(state.AccountId.Value), request.Next));
    }

    private static Decision DecideEnterprise(SessionState state, CompleteEnterprise submit, DateTimeOffset now)
    {
        if (CanSubmitEnterprise(state, now) is { } error)
            return new Decision([], error);
        if (submit.RefusalCode is { } code)
            return Refuse(code, submit.RefusalDetail, now);
        ISessionEvent next = state.Method == VerificationMethod.LegalPersonFace
            ? new QrIssued(submit.Next.Hash, now, now + submit.Next.Ttl)
            : new AmountSent(submit.Next.Hash, now);
        return Decision.Accept(new EnterpriseAccepted(submit.Details, now), next);
    }

    /// <summary>The linked enterprise, confirmed by the business registry and pre-checked by the registry: recorded and claimed at once.</summary>
    private static Decision DecideEnterpriseSync(SessionState state, CompleteEnterpriseSync sync, DateTimeOffset now)
    {
        if (CanAuthorize(state, now) is { } error)
            return new Decision([], error);
        if (sync.RefusalCode is { } code)
            return Refuse(code, sync.RefusalDetail, now);
        return Decision.Accept(new EnterpriseAccepted(sync.Details!, now), new DetailsConfirmed(now));
    }

    private static Decision DecideAmount(SessionState state, CheckAmount check, DateTimeOffset now)
    {
        if (state.Status != SessionStatus.AwaitingAmount || state.AmountHash is not { } expected || state.ClaimPending)
            return Decision.Refuse(ErrorCodes.InvalidState, $"No amount is expected while the session is {state.Status.WireName()}.");
        if (SameHash(expected, check.AmountHash))
            return Decision.Accept(new DetailsConfirmed(now));
        return state.WrongAmounts + 1 >= MaxWrongAmounts
            ? new Decision([new AmountRejected(now), new Failed(ErrorCodes.TooManyAttempts, now)], Refusal(ErrorCodes.TooManyAttempts))
            : new Decision([new AmountRejected(now)], Refusal(ErrorCodes.AmountIncorrect, $"The amount is not correct; {MaxWrongAmounts - state.WrongAmounts - 1} attempts left."));
    }
}
