using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealName.Cli.Commands;

namespace RealName.Cli.Appeals;

/// <summary><c>appeals list</c>, <c>appeals approve</c>, <c>appeals reject</c>: the operator's side of P6 (answers masked).</summary>
internal static class AppealCommands
{
    public static Command Create(CliSession session)
    {
        var appeals = new Command("appeals", "Appeal cases: a person claims an identity that verifies another account.");

        var list = new Command("list", "Every appeal with its status (identities masked).");
        list.SetAction((parse, ct) => session.ShowAsync(parse, "admin/appeals", a => ShowList(session, a), ct));
        appeals.Subcommands.Add(list);

        appeals.Subcommands.Add(Decide(session, "approve", "Move the identity to the appellant; the holder's account becomes revoked with the reason."));
        appeals.Subcommands.Add(Decide(session, "reject", "Close the appeal; nothing moves."));
        return appeals;
    }

    private static Command Decide(CliSession session, string verb, string description)
    {
        var id = new Argument<string>("id") { Description = "The appeal id (ap_…)." };
        var reason = new Option<string>("--reason") { Description = "Why (kept on the appeal and, for approvals, on the revoked account).", Required = true };
        var command = new Command(verb, description) { id, reason };
        command.SetAction((parse, ct) => session.PostAsync(parse, $"admin/appeals/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}",
            new JsonObject { ["reason"] = parse.GetValue(reason) }.ToJsonString(), a => ShowOne(session, a), ct));
        return command;
    }

    private static void ShowList(CliSession session, JsonElement answer)
    {
        var table = Render.Table("Id", "Account", "Status", "Identity", "Holder", "Opened", "Decision", "Decided by");
        foreach (var a in answer.Items("appeals"))
        {
            var identity = a.TryGetProperty("identity", out var i) && i.ValueKind == JsonValueKind.Object ? $"{i.Str("name")}  {i.Str("idNumber")}"
                : a.Bool("personalDataErased") ? "(erased)" : Render.None;
            table.Row(a.Str("id"), a.Str("accountId"), a.Str("status"), identity, a.Str("holder"), a.Time("openedAt"), a.Str("decision"), a.Str("decidedBy"));
        }
        session.IO.Console.Write(table);
    }

    private static void ShowOne(CliSession session, JsonElement a) => session.IO.Console.Write(Render.Fields(
        ("Appeal", a.Str("id")),
        ("Status", a.Str("status")),
        ("Appellant", a.Str("accountId")),
        ("Former holder", a.Str("holder")),
        ("Decided", a.Time("decidedAt")),
        ("Decided by", a.Str("decidedBy")),
        ("Reason", a.Str("decision"))));
}
