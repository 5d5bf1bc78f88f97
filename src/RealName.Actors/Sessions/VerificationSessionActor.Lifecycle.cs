using Akka.Actor;
using RealName.Actors.Identities;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Sessions;

/// <summary>
/// What a session does around its steps: its deadline (a scheduled tell, the sweeper's report), the claim with
/// the registry and its retries, the live QR's secret, and an erasure heard while in memory.
/// </summary>
/// <remarks>
/// Deadlines and claim retries are plain scheduled tells, not <see cref="IWithTimers"/>: a timer scheduler per
/// session cost ≈ 470 bytes of each live session (measured with <c>realname-load memory</c>; see
/// docs/adr/0009-lighter-sessions.md). Both messages are idempotent — a deadline that finds the session ended, or
/// a retry that finds the claim answered, does nothing — so they need no cancelling; one sent to a session that
/// left memory is a suppressed dead letter.
/// </remarks>
public sealed partial class VerificationSessionActor
{
    /// <summary>
    /// An account was erased while this session was in memory (the journal copy is already
    /// unreadable: its key is gone); <see cref="SessionRules"/> decides whether it is this session's.
    /// </summary>
    private void OnForgetAccount(ForgetAccount forget) =>
        PersistThen(SessionRules.Decide(_state, new SessionCommands.ErasePersonalData(new AccountId(forget.AccountId), forget.ErasedAt), Now).Events, () => { });

    /// <summary>Leaving memory while open (passivation, hand-off, a failure): the sweeper must wake this session at its deadline.</summary>
    protected override void PostStop()
    {
        if (_state.Exists)
            _shared.Local?.Stopped(_state.Id.Value);
        if (_state.Exists && !_state.Status.IsTerminal())
            _shared.Sweeper().Tell(new IdleOpen(_state.Id.Value, _state.ExpiresAt));
        base.PostStop();
    }

    private void OnRecovered()
    {
        if (_state.Exists)
            _shared.Local?.Stored(_state.Id.Value, _state);
        if (!_state.Exists || _state.Status.IsTerminal())
            return;
        ArmExpiry();
        if (_state.ClaimPending)
            SendClaim();
    }

    private void IssueQr()
    {
        var secret = NewTokenSecret();
        Handle(new SessionCommands.IssueQr(SessionRules.HashToken(secret), _shared.Settings.QrTtl), Sender, secret);
    }

    private void AnswerQrSecret()
    {
        var live = _qrSecret is not null && _state.Qr is { Scanned: false } qr && Now < qr.ExpiresAt
            && SessionRules.HashToken(_qrSecret) == qr.TokenHash && _state.Status == SessionStatus.AwaitingScan;
        Sender.Tell(live
            ? Reply(null, _qrSecret)
            : Reply(new SessionError(_state.Exists ? ErrorCodes.QrExpired : ErrorCodes.SessionNotFound, "No live QR code; issue a new one."), null));
    }

    private void SendClaim()
    {
        if (!_state.ClaimPending)
            return;
        object claim = _state.Enterprise is { } enterprise
            ? new RegistryProtocol.EnterpriseClaim(new EnterpriseClaimRequest(_state.AccountId, _state.Id, _state.Method, enterprise, _shared.Settings.MaxAccountsPerEnterprise))
            : new RegistryProtocol.Claim(new ClaimRequest(_state.IdKey!, _state.AccountId, _state.Id, _state.Method, _state.Name!.Value, _state.IdNumber!.Value));
        // After an erasure the name and number are erased values: the claim carries the HMAC alone.
        _shared.Registry.Ask<RegistryProtocol.Verdict>(claim, _shared.Settings.CallTimeout)
            .PipeTo(Self, success: v => new ClaimAnswered(v.RefusalCode), failure: _ => new ClaimAnswered(null, Failed: true));
    }

    private void OnClaimAnswered(ClaimAnswered answer)
    {
        if (answer.Failed)
        {
            // Registry unreachable (e.g. the singleton is moving): claims are idempotent, so ask again.
#pragma warning disable AK1004 // idempotent and cheap to drop: see the remarks above
            Context.System.Scheduler.ScheduleTellOnce(_shared.Settings.ClaimRetryInterval, Self, ClaimDue.Instance, Self);
#pragma warning restore AK1004
            return;
        }
        var decision = SessionRules.Decide(_state, new SessionCommands.RecordClaim(answer.RefusalCode), Now);
        PersistThen(decision.Events, () =>
        {
            var reply = Reply(null, null);
            foreach (var waiting in _awaitingClaim ?? [])
                waiting.Tell(reply);
            _awaitingClaim = null;
        });
    }

    private void OnExpireDue()
    {
        if (!_state.Exists || _state.Status.IsTerminal())
            return; // a deadline armed before the session ended
        var decision = SessionRules.Decide(_state, new SessionCommands.Expire(), Now);
        if (decision.Events.Count == 0)
            ArmExpiry(RecheckAfter); // not due yet by the clock, or a claim still open: look again, never in a tight loop
        PersistThen(decision.Events, () => { });
    }

    /// <summary>The least wait before a deadline is looked at again when it did not end the session.</summary>
    private static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(1);

    private void ArmExpiry(TimeSpan? atLeast = null)
    {
        var due = _state.ExpiresAt - Now;
        var floor = atLeast ?? TimeSpan.Zero;
#pragma warning disable AK1004 // idempotent and cheap to drop: see the remarks above
        Context.System.Scheduler.ScheduleTellOnce(due > floor ? due : floor, Self, ExpireDue.Instance, Self);
#pragma warning restore AK1004
    }

    private sealed record ClaimAnswered(string? RefusalCode, bool Failed = false);

    private sealed record ExpireDue : Akka.Event.IDeadLetterSuppression
    {
        public static readonly ExpireDue Instance = new();
    }

    private sealed record ClaimDue : Akka.Event.IDeadLetterSuppression
    {
        public static readonly ClaimDue Instance = new();
    }
}
