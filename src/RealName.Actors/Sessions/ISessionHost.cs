using Akka.Event;

namespace RealName.Actors.Sessions;

/// <summary>What a <see cref="LiveSession"/> asks of the bucket that holds it: its writes, its timers and its outside calls' answers.</summary>
public interface ISessionHost
{
    ILoggingAdapter Log { get; }

    /// <summary>
    /// Writes <paramref name="payloads"/> as the session's next events, in one atomic write, then runs
    /// <paramref name="stored"/>; the session's next messages wait until then. A failed write takes the session
    /// out of memory (its next message reads it again), as a failed persist stops a persistent actor.
    /// </summary>
    void Persist(LiveSession session, IReadOnlyList<object> payloads, Action stored);

    /// <summary>Hands <paramref name="message"/> to this stay of the session after <paramref name="delay"/>; dropped if it left memory since.</summary>
    void ScheduleOnce(LiveSession session, TimeSpan delay, object message);

    /// <summary>Hands the task's outcome, made a message, to this stay of the session; dropped if it left memory since.</summary>
    void PipeToSelf<T>(LiveSession session, Task<T> task, Func<T, object> success, Func<Exception, object> failure);
}
