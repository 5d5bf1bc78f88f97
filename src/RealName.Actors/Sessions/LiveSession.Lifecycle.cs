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
/// Deadlines and claim retries are plain scheduled tells through the bucket (ADR 0009). Both messages are
/// idempotent — a deadline that finds the session ended, or a retry that finds the claim answered, does nothing — so
/// they need no cancelling; one for a session that left its bucket since is dropped there.
/// </remarks>
public sealed partial class LiveSession
{
    /// <summary>
    /// An account was erased while this session was in memory (the journal copy is already
    /// unreadable: its key is gone); <see cref="SessionRules"/> decides whether it is this session's.
    /// </summary>
    private void OnForgetAccount(ForgetAccount forget) =>
        PersistThen(SessionRules.Decide(_state, new SessionCommands.ErasePersonalData(new AccountId(forget.AccountId), forget.ErasedAt), Now).Events, () => { });

    /// <summary>Leaving memory (idle, the bucket's passivation or hand-off, a failed write): the sweeper must wake an open session at its deadline.</summary>
    public void Left()
    {
        if (_state.Exists)
            _shared.Local?.Stopped(_state.Id.Value);
        if (IsOpen)
            _shared.Sweeper().Tell(new IdleOpen(_state.Id.Value, _state.ExpiresAt));
    }

    /// <summary>The replay has ended: the session is as its journal left it.</summary>
    public void Recovered()
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
        _host.PipeToSelf(this, _shared.Registry.Ask<RegistryProtocol.Verdict>(claim, _shared.Settings.CallTimeout),
            success: v => new ClaimAnswered(v.RefusalCode), failure: _ => new ClaimAnswered(null, Failed: true));
    }

    private void OnClaimAnswered(ClaimAnswered answer)
    {
        if (answer.Failed)
        {
            // Registry unreachable (e.g. the singleton is moving): claims are idempotent, so ask again.
            _host.ScheduleOnce(this, _shared.Settings.ClaimRetryInterval, ClaimDue.Instance);
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
        _host.ScheduleOnce(this, due > floor ? due : floor, ExpireDue.Instance);
    }

    private sealed record ClaimAnswered(string? RefusalCode, bool Failed = false);

    private sealed record ExpireDue
    {
        public static readonly ExpireDue Instance = new();
    }

    private sealed record ClaimDue
    {
        public static readonly ClaimDue Instance = new();
    }
}
