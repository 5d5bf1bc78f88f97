using RealName.Domain.Identities;
using static RealName.Domain.Sessions.SessionCommands;
using static RealName.Domain.Sessions.SessionEvents;

namespace RealName.Domain.Sessions;

/// <summary>Submitting details, SMS codes and one-click sync (P1's first step, P2, P3, P4, P5).</summary>
public static partial class SessionRules
{
    /// <summary>Wrong codes allowed in one session; the last one fails it with <c>too_many_attempts</c>.</summary>
    public const int MaxWrongCodes = 5;

    /// <summary>Code resends allowed in one session; asking for one more fails it with <c>too_many_attempts</c>.</summary>
    public const int MaxResends = 5;

    /// <summary>Minimum time between two codes sent to the same session.</summary>
    public static readonly TimeSpan ResendCooldown = TimeSpan.FromSeconds(60);

    /// <summary>Whether the method continues with an SMS code (otherwise with a QR code, or directly for one-click sync).</summary>
    public static bool UsesCode(VerificationMethod method) =>
        method is VerificationMethod.Mobile or VerificationMethod.BankCard or VerificationMethod.Associate;

    /// <summary>The fields each method's identity step takes; a message naming what is wrong, or null.</summary>
    public static string? CheckFields(VerificationMethod method, bool name, bool idNumber, bool phone, bool bankCard, bool groupAccount)
    {
        var (wantName, wantId, wantPhone, wantCard, wantGroup, list) = method switch
        {
            VerificationMethod.Face => (true, true, false, false, false, "name, idNumber"),
            VerificationMethod.Mobile => (true, true, true, false, false, "name, idNumber, phone"),
            VerificationMethod.BankCard => (true, true, true, true, false, "name, idNumber, bankCard, phone"),
            VerificationMethod.Associate => (false, false, false, false, true, "groupAccount"),
            _ => (false, false, false, false, false, ""),
        };
        if (list.Length == 0)
            return $"A {method.WireName()} session takes no identity details.";
        return (name, idNumber, phone, bankCard, groupAccount) == (wantName, wantId, wantPhone, wantCard, wantGroup)
            ? null
            : $"A {method.WireName()} session takes exactly: {list}.";
    }

    /// <summary>Whether details may be submitted now; checked before any provider is called.</summary>
    public static SessionError? CanSubmitIdentity(SessionState state, DateTimeOffset now)
    {
        if (!state.Exists)
            return new SessionError(ErrorCodes.SessionNotFound, "No such session.");
        return CanTakeDetails(state, now, "Identity");
    }

    /// <summary>Whether an existing session still waits for its details (<paramref name="what"/>: identity or enterprise); shared by both submissions.</summary>
    private static SessionError? CanTakeDetails(SessionState state, DateTimeOffset now, string what)
    {
        if (state.Status.IsTerminal() || IsOverdue(state, now))
            return new SessionError(ErrorCodes.InvalidState, $"The session is {Effective(state, now).WireName()}.");
        if (state.Method.IsSync())
            return new SessionError(ErrorCodes.InvalidState, "A one-click sync session is completed with POST …/authorize.");
        return state.Status == SessionStatus.RequiresInput
            ? null
            : new SessionError(ErrorCodes.InvalidState, $"{what} details were already accepted for this session.");
    }

    /// <summary>
    /// The same details submitted again while their step is open (e.g. a retry whose first answer
    /// was lost): answered as a success — the live QR for face (a new one once it expired, or when
    /// its secret is no longer in memory), the pending code otherwise — instead of a refusal, and
    /// without new outside checks.
    /// </summary>
    public static bool IsResubmission(SessionState state, IdentityDetails details) =>
        state.IdKey == details.IdKey && state.Phone == details.Phone && state.BankCard == details.BankCard
        && state.GroupAccount == details.GroupAccount && !state.Escalated && !state.ClaimPending
        && (state.Status == SessionStatus.AwaitingScan && state.Qr is { Scanned: false } || state.Status == SessionStatus.AwaitingCode);

    /// <summary>
    /// Typed-in details: the fields the method takes, a harmless re-submission answered without new
    /// checks, then the outside check (identity authority first, then registry, then the SMS).
    /// </summary>
    private static Decision DecideRequestIdentity(SessionState state, RequestIdentity request, DateTimeOffset now)
    {
        if (!state.Exists)
            return Decision.Refuse(ErrorCodes.SessionNotFound, "No such session.");
        if (CheckFields(state.Method, request.Name is not null, request.IdNumber is not null, request.Phone is not null, request.BankCard is not null, request.GroupAccount is not null) is { } fieldsError)
            return Decision.Refuse(ErrorCodes.InvalidRequest, fieldsError);
        var typed = request is { Name: { } name, IdNumber: { } id, IdKey: { } key }
            ? new IdentityDetails(name, id, key, request.Phone, request.BankCard).OwnedBy(state.AccountId.Value)
            : null;
        if (typed is not null && IsResubmission(state, typed))
            return DecideDetails(state, new CompleteDetails(typed, null, null, request.Next), now);
        if (CanSubmitIdentity(state, now) is { } error)
            return new Decision([], error);
        return typed is not null
            ? Decision.Needs(new SessionChecks.CheckIdentity(state.AccountId, state.Method, typed, request.Next))
            : Decision.Needs(new SessionChecks.LookUpGroupAccount(state.AccountId, request.GroupAccount!.Value.OwnedBy(state.AccountId.Value), request.Next));
    }

    private static Decision DecideRequestGroupSync(SessionState state, DateTimeOffset now)
    {
        if (CanAuthorize(state, now) is { } error)
            return new Decision([], error);
        return state.Method == VerificationMethod.EnterpriseSync
            ? Decision.Needs(new SessionChecks.LookUpLinkedEnterprise(state.AccountId))
            : Decision.Needs(new SessionChecks.LookUpLinkedAccount(state.AccountId));
    }

    private static SessionError? CanAuthorize(SessionState state, DateTimeOffset now)
    {
        if (!state.Method.IsSync())
            return new SessionError(ErrorCodes.InvalidState, "Only a group_sync or enterprise_sync session can be authorized.");
        if (state.Status.IsTerminal() || IsOverdue(state, now))
            return new SessionError(ErrorCodes.InvalidState, $"The session is {Effective(state, now).WireName()}.");
        return state.Status != SessionStatus.RequiresInput || state.ClaimPending
            ? new SessionError(ErrorCodes.InvalidState, $"The session is {state.Status.WireName()}.")
            : null;
    }

    private static Decision DecideRequestResend(SessionState state, RequestResend request, DateTimeOffset now)
    {
        var decision = DecideResend(state, new CompleteResend(request.NewCode), now);
        return decision.Events is [CodeSent] && state.Phone is { } phone
            ? Decision.Needs(new SessionChecks.SendCode(phone, request.NewCode))
            : decision;
    }

    private static Decision DecideDetails(SessionState state, CompleteDetails submit, DateTimeOffset now)
    {
        if (IsResubmission(state, submit.Details) && submit.RefusalCode is null)
            return state.Status == SessionStatus.AwaitingScan ? ResubmittedQr(state, submit.Next, now) : Decision.Nothing;
        if (CanSubmitIdentity(state, now) is { } error)
            return new Decision([], error);
        if (submit.RefusalCode is { } code)
            return Refuse(code, submit.RefusalDetail, now);
        if (state.Method == VerificationMethod.Associate && CopiedUnderAge(submit.Details, now) is { } young)
            return young;

        var d = submit.Details;
        var next = new IssuedSecret(submit.Next.Hash, now + submit.Next.Ttl);
        var usesCode = UsesCode(state.Method);
        return Decision.Accept(new IdentityAccepted(d.Name, d.IdNumber, d.IdKey, now, d.Phone, d.BankCard, d.GroupAccount,
            Qr: usesCode ? null : next, Code: usesCode ? next : null));
    }

    /// <summary>
    /// The QR a re-submission answers: the live one, so the token the client already holds (e.g. a
    /// gateway re-sent the request while the shard moved) stays the one to scan.
    /// </summary>
    private static Decision ResubmittedQr(SessionState state, SecretHash next, DateTimeOffset now)
    {
        var fresh = new QrIssued(next.Hash, now, now + next.Ttl);
        return state.Qr is { Scanned: false } live && now < live.ExpiresAt
            ? Decision.AnswerLiveQr(live.TokenHash, fresh)
            : Decision.Accept(fresh);
    }

    private static Decision DecideGroupSync(SessionState state, CompleteGroupSync sync, DateTimeOffset now)
    {
        if (CanAuthorize(state, now) is { } error)
            return new Decision([], error);
        if (sync.RefusalCode is { } code)
            return Refuse(code, sync.RefusalDetail, now);
        var d = sync.Details!;
        if (CopiedUnderAge(d, now) is { } young)
            return young;
        return Decision.Accept(new IdentityAccepted(d.Name, d.IdNumber, d.IdKey, now, d.Phone, d.BankCard, d.GroupAccount), new DetailsConfirmed(now));
    }

    private static Decision DecideCheckCode(SessionState state, CheckCode check, DateTimeOffset now)
    {
        var decision = DecideCodeEntered(state, check.CodeHash, now);
        if (!ReferenceEquals(decision, Decision.Nothing))
            return decision;
        if (state.Method == VerificationMethod.Associate)
            return Decision.Accept(new DetailsConfirmed(now)); // the code went to the group account's own phone: nothing else to check
        return check.EscalationQr is { } escalation && state is { Name: { } name, IdNumber: { } id, Phone: { } phone }
            ? Decision.Needs(new SessionChecks.CheckFactors(state.Method, name, id, phone, state.BankCard, check.CodeHash, escalation))
            : Decision.Refuse(ErrorCodes.InvalidState, "The code step cannot be completed without its details.");
    }

    /// <summary>A wrong or expired code is decided here; the right one is <see cref="Decision.Nothing"/>.</summary>
    private static Decision DecideCodeEntered(SessionState state, string codeHash, DateTimeOffset now)
    {
        if (state.Status != SessionStatus.AwaitingCode || state.Code is not { } code || state.ClaimPending)
            return Decision.Refuse(ErrorCodes.InvalidState, $"No code is expected while the session is {state.Status.WireName()}.");
        if (now >= code.ExpiresAt)
            return new Decision([new CodeRejected(ErrorCodes.CodeExpired, now)], Refusal(ErrorCodes.CodeExpired));
        if (SameHash(code.CodeHash, codeHash))
            return Decision.Nothing;
        return state.WrongCodes + 1 >= MaxWrongCodes
            ? new Decision([new CodeRejected(ErrorCodes.CodeIncorrect, now), new Failed(ErrorCodes.TooManyAttempts, now)], Refusal(ErrorCodes.TooManyAttempts))
            : new Decision([new CodeRejected(ErrorCodes.CodeIncorrect, now)], Refusal(ErrorCodes.CodeIncorrect, $"The code is not correct; {MaxWrongCodes - state.WrongCodes - 1} attempts left."));
    }

    private static Decision DecideCompleteCode(SessionState state, CompleteCode complete, DateTimeOffset now)
    {
        var check = DecideCodeEntered(state, complete.CodeHash, now);
        if (!ReferenceEquals(check, Decision.Nothing))
            return check;
        return complete.Outcome switch
        {
            FactorOutcome.Passed => Decision.Accept(new DetailsConfirmed(now)),
            FactorOutcome.Mismatch => Refuse(MismatchCode(state.Method), null, now),
            FactorOutcome.Risk => Decision.Accept(new RiskEscalated(now), new QrIssued(complete.EscalationQr.Hash, now, now + complete.EscalationQr.Ttl)),
            _ => Decision.Refuse(ErrorCodes.ProviderUnavailable),
        };
    }

    private static Decision DecideResend(SessionState state, CompleteResend resend, DateTimeOffset now)
    {
        if (state.Status != SessionStatus.AwaitingCode || state.Code is not { } code || state.ClaimPending)
            return Decision.Refuse(ErrorCodes.InvalidState, $"No code is pending while the session is {state.Status.WireName()}.");
        if (state.Resends >= MaxResends)
            return new Decision([new Failed(ErrorCodes.TooManyAttempts, now)], Refusal(ErrorCodes.TooManyAttempts));
        var wait = code.SentAt + ResendCooldown - now;
        if (wait > TimeSpan.Zero)
            return new Decision([], Refusal(ErrorCodes.ResendTooSoon, null, (int)Math.Ceiling(wait.TotalSeconds)));
        return Decision.Accept(new CodeSent(resend.NewCode.Hash, now, now + resend.NewCode.Ttl, Resend: true));
    }

    /// <summary>
    /// The minimum age holds for an identity copied from the group directory (P4, P5) as for a typed
    /// one (refused at the edge before anything is sent): the group's verification does not make a
    /// minor of age here. A refusal like any other of the details: the session stays open.
    /// </summary>
    private static Decision? CopiedUnderAge(IdentityDetails details, DateTimeOffset now) =>
        AgeRule.IsUnderAge(details.IdNumber.Value, DateOnly.FromDateTime(now.UtcDateTime))
            ? Refuse(ErrorCodes.BelowMinimumAge, $"The group account's identity belongs to a person under {AgeRule.MinimumAge}; verification needs full civil capacity (from the day after the 18th birthday).", now)
            : null;

    /// <summary>A refusal of submitted details: retryable (back to input) except an account that already holds an identity.</summary>
    private static Decision Refuse(string code, string? detail, DateTimeOffset now) => code switch
    {
        ErrorCodes.AccountAlreadyVerified => new Decision([new Failed(code, now)], Refusal(code, detail)),
        _ => new Decision([new InputRejected(code, now)], Refusal(code, detail)),
    };

    private static string MismatchCode(VerificationMethod method) => method switch
    {
        VerificationMethod.BankCard => ErrorCodes.BankCardMismatch,
        VerificationMethod.Mobile => ErrorCodes.PhoneIdMismatch,
        _ => ErrorCodes.NameIdMismatch,
    };
}
