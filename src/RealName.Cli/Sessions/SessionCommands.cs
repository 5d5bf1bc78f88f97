using System.CommandLine;
using System.Text.Json;
using RealName.Cli.Commands;
using Spectre.Console;

namespace RealName.Cli.Sessions;

/// <summary><c>session inspect</c>: a verification session's status and its timeline, from the journal.</summary>
internal static class SessionCommands
{
    public static Command Create(CliSession session)
    {
        var sessions = new Command("session", "Verification sessions.");
        var id = new Argument<string>("id") { Description = "The session id (vs_…)." };
        var inspect = new Command("inspect", "Status, masked identity and the timeline of stored events of one session, with who caused each.") { id };
        inspect.SetAction((parse, ct) => session.ShowAsync(parse, "admin/sessions/" + Uri.EscapeDataString(parse.GetValue(id)!), s => Show(session, s), ct));
        sessions.Subcommands.Add(inspect);
        return sessions;
    }

    private static void Show(CliSession session, JsonElement s)
    {
        var identity = s.TryGetProperty("identity", out var i) && i.ValueKind == JsonValueKind.Object
            ? $"{i.Str("name")}  {i.Str("idNumber")}"
            : Render.None;
        session.IO.Console.Write(Render.Fields(
            ("Session", s.Str("id")),
            ("Account", s.Str("accountId")),
            ("Method", s.Str("method")),
            ("Status", s.Str("status") + (s.Str("lastErrorCode") is Render.None ? "" : $" ({s.Str("lastErrorCode")})")),
            ("Identity", identity),
            ("Created", s.Time("createdAt")),
            ("Expires", s.Time("expiresAt")),
            ("Verified", s.Time("verifiedAt"))));
        var timeline = Render.Table("#", "Time (UTC)", "Event", "By", "Detail");
        foreach (var e in s.Items("timeline"))
            timeline.Row(e.Str("sequenceNr"), e.Time("at"), e.Str("event"), e.Str("by"), e.Str("detail"));
        session.IO.Console.Write(timeline);
    }
}
