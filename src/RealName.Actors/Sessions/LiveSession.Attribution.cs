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
public sealed partial class LiveSession
{
    /// <summary>The caller of the message being handled; stamped on whatever it persists.</summary>
    private string? _by;

    private void Attribute(object message)
    {
        switch (message)
        {
            case Checked c:
                _by = c.By; // the caller of the command whose outside check this answers
                break;
            case ISessionMessage m:
                _by = m.By;
                break;
            default:
                _by = Callers.System;
                break;
        }
    }

    /// <summary>The event as stored: with the caller's name when one is known.</summary>
    private object Stamped(SessionEvents.ISessionEvent e) => _by is { } by ? new AttributedEvent(e, by) : e;
}
