using RealName.Contracts.Admin;
using RealName.Host.Operations;

namespace RealName.Host.Admin;

/// <summary>pbm's <c>log peek</c>: the node's recent log lines from its in-memory ring (<see cref="RecentLog"/>).</summary>
public static class LogAdmin
{
    public const int DefaultLines = 50;

    public static RouteGroupBuilder MapLogAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/log", Peek);
        return admin;
    }

    public static RecentLogDto Peek(RecentLog log, int? lines) =>
        new(log.Newest(lines ?? DefaultLines).Select(l => new LogLineDto(l.At, l.Level, l.Category, l.Message)).ToList(), RecentLog.Capacity);
}
