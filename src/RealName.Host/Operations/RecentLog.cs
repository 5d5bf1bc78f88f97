using System.Globalization;

namespace RealName.Host.Operations;

/// <summary>
/// The node's last <see cref="Capacity"/> log lines, in memory only, for <c>realname-ctl log peek</c>
/// (pbm's). It holds what the log already says — which never carries personal data — and of an
/// exception only its type: an exception's message is not ours to vouch for.
/// </summary>
public sealed class RecentLog : ILoggerProvider
{
    public const int Capacity = 1000;

    private readonly LogLine[] _ring = new LogLine[Capacity];
    private long _written;

    public sealed record LogLine(DateTimeOffset At, string Level, string Category, string Message);

    /// <summary>The newest <paramref name="count"/> lines, oldest first.</summary>
    public IReadOnlyList<LogLine> Newest(int count)
    {
        lock (_ring)
        {
            var available = (int)Math.Min(_written, Capacity);
            var take = Math.Clamp(count, 0, available);
            var lines = new List<LogLine>(take);
            for (var i = _written - take; i < _written; i++)
                lines.Add(_ring[i % Capacity]);
            return lines;
        }
    }

    internal void Add(LogLine line)
    {
        lock (_ring)
            _ring[_written++ % Capacity] = line;
    }

    public ILogger CreateLogger(string categoryName) => new RingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class RingLogger(RecentLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
                return;
            var message = formatter(state, null);
            if (exception is not null)
                message += string.Create(CultureInfo.InvariantCulture, $" [{exception.GetType().FullName}]");
            log.Add(new LogLine(DateTimeOffset.UtcNow, logLevel.ToString(), category, message));
        }
    }
}
