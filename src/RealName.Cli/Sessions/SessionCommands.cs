using System.CommandLine;
using System.Globalization;
using RealName.Cli.Commands;
using RealName.Contracts;
using RealName.Contracts.Admin;
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
        inspect.SetAction((parse, ct) => session.ShowAsync(parse, "admin/sessions/" + Uri.EscapeDataString(parse.GetValue(id)!),
            ContractJsonContext.Default.SessionInspectDto, s => Show(session, s), ct));
        sessions.Subcommands.Add(inspect);
        return sessions;
    }

    private static void Show(CliSession session, SessionInspectDto s)
    {
        session.IO.Console.Write(Render.Fields(
            ("Session", s.Id),
            ("Account", s.AccountId),
            ("Method", s.Method),
            ("Status", s.Status + (s.LastErrorCode is null ? "" : $" ({s.LastErrorCode})")),
            ("Identity", Render.Identity(s.Identity)),
            ("Created", Render.Time(s.CreatedAt)),
            ("Expires", Render.Time(s.ExpiresAt)),
            ("Verified", Render.Time(s.VerifiedAt))));
        var timeline = Render.Table("#", "Time (UTC)", "Event", "By", "Detail");
        foreach (var e in s.Timeline)
            timeline.Row(e.SequenceNr.ToString(CultureInfo.InvariantCulture), Render.Time(e.At), e.Event, e.By, e.Detail);
        session.IO.Console.Write(timeline);
    }
}
