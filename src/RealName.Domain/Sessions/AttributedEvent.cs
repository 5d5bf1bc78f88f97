namespace RealName.Domain.Sessions;

/// <summary>
/// A session event as the journal stores it since events record who caused them: the event and
/// the caller's name (<see cref="Callers"/> or a key's name). The serializer writes it as the
/// event's own JSON, manifest and all, with a leading <c>"by"</c> field, so the journal keeps one
/// row per event and older readers see the plain event; events stored before carry no name.
/// It is not an <see cref="SessionEvents.ISessionEvent"/>: readers unwrap it with <see cref="Open"/>.
/// </summary>
public sealed record AttributedEvent(SessionEvents.ISessionEvent Event, string By)
{
    /// <summary>The event and who caused it (null for events stored before names were recorded); (null, null) for anything else.</summary>
    public static (SessionEvents.ISessionEvent? Event, string? By) Open(object? stored) => stored switch
    {
        AttributedEvent a => (a.Event, a.By),
        SessionEvents.ISessionEvent e => (e, null),
        _ => (null, null),
    };
}
