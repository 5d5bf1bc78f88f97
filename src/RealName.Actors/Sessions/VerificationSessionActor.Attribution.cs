using Akka.Actor;
using RealName.Domain.Sessions;
using static RealName.Actors.Sessions.SessionProtocol;

namespace RealName.Actors.Sessions;

/// <summary>
/// Who caused each stored event: the command's <see cref="ISessionMessage.By"/> (an API key's name,
/// <c>app</c>, <c>face-provider</c>, <c>page</c>), <c>system</c> for what the session does on its own
/// (timers, registry answers, the sweeper's wake-up), and nothing for a command that named no caller
/// (the history then shows none: never a wrong name). Stored as <see cref="AttributedEvent"/>: one
/// journal row per event as before, a few bytes more.
/// </summary>
public sealed partial class VerificationSessionActor
{
    /// <summary>At most this many commands remembered while their outside checks run (refusals answered at once leave theirs behind).</summary>
    private const int MaxRememberedChecks = 8;

    /// <summary>The caller of the message being handled; stamped on whatever it persists.</summary>
    private string? _by;

    /// <summary>Callers of commands whose outside check may still be running, by the asker the <see cref="Checked"/> answer names.</summary>
    private List<(IActorRef ReplyTo, string By)>? _checks;

    private void Attribute(object message)
    {
        switch (message)
        {
            case Checked c:
                _by = TakeCheck(c.ReplyTo);
                break;
            case Unavailable u:
                TakeCheck(u.ReplyTo);
                break;
            case ISessionMessage m:
                _by = m.By;
                if (m.By is { } by && m is SubmitIdentity or SubmitCode or ResendCode or Authorize or SubmitEnterprise)
                    RememberCheck(Sender, by);
                break;
            default:
                _by = Callers.System;
                break;
        }
    }

    private void RememberCheck(IActorRef replyTo, string by)
    {
        _checks ??= [];
        if (_checks.Count == MaxRememberedChecks)
            _checks.RemoveAt(0);
        _checks.Add((replyTo, by));
    }

    private string? TakeCheck(IActorRef replyTo)
    {
        var index = _checks?.FindIndex(c => c.ReplyTo.Equals(replyTo)) ?? -1;
        if (index < 0)
            return null;
        var by = _checks![index].By;
        _checks.RemoveAt(index);
        if (_checks.Count == 0)
            _checks = null;
        return by;
    }

    /// <summary>The event as stored: with the caller's name when one is known.</summary>
    private object Stamped(SessionEvents.ISessionEvent e) => _by is { } by ? new AttributedEvent(e, by) : e;
}
