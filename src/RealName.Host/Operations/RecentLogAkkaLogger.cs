using Akka.Actor;
using Akka.DependencyInjection;
using Akka.Event;

namespace RealName.Host.Operations;

/// <summary>
/// Akka's own log lines (cluster membership, singletons, sharding) into the node's <see cref="RecentLog"/>,
/// beside Akka's standard output logger: they are what <c>log peek</c> is most often wanted for.
/// </summary>
public sealed class RecentLogAkkaLogger : ReceiveActor, Akka.Dispatch.IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public RecentLogAkkaLogger()
    {
        var log = DependencyResolver.For(Context.System).Resolver.GetService<RecentLog>();
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => log.Add(new RecentLog.LogLine(
            new DateTimeOffset(DateTime.SpecifyKind(e.Timestamp, DateTimeKind.Utc)),
            Level(e.LogLevel()),
            e.LogSource,
            e.Message?.ToString() + (e.Cause is { } cause ? $" [{cause.GetType().FullName}]" : ""))));
    }

    private static string Level(Akka.Event.LogLevel level) => level switch
    {
        Akka.Event.LogLevel.DebugLevel => "Debug",
        Akka.Event.LogLevel.InfoLevel => "Information",
        Akka.Event.LogLevel.WarningLevel => "Warning",
        _ => "Error",
    };
}
