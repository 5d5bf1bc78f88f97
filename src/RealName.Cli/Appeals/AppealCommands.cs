using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealName.Cli.Commands;

namespace RealName.Cli.Appeals;

/// <summary><c>appeals list</c>, <c>appeals approve</c>, <c>appeals reject</c>, <c>appeals evidence</c>: the operator's side of P6 (answers masked; evidence files only saved on request).</summary>
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
        appeals.Subcommands.Add(Evidence(session));
        return appeals;
    }

    /// <summary>The appeal's evidence files; with <c>--save</c>, each readable file decrypted into that folder (owner-only).</summary>
    private static Command Evidence(CliSession session)
    {
        var id = new Argument<string>("id") { Description = "The appeal id (ap_…)." };
        var save = new Option<DirectoryInfo?>("--save") { Description = "Write each readable file into this folder (created owner-only); without it only the list is shown." };
        var command = new Command("evidence", "The evidence an appellant sent (ownership certificates): type, size, time; erased files say so.") { id, save };
        command.SetAction(async (parse, ct) =>
        {
            var path = $"admin/appeals/{Uri.EscapeDataString(parse.GetValue(id)!)}/evidence";
            var shown = await session.ShowAsync(parse, path, a => ShowEvidence(session, a), ct);
            if (shown != 0 || parse.GetValue(save) is not { } folder)
                return shown;
            try
            {
                var listed = await session.Client.GetAsync(path, ct);
                if (OperatingSystem.IsWindows())
                    Directory.CreateDirectory(folder.FullName);
                else
                    Directory.CreateDirectory(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                foreach (var e in listed.Items("data").Where(e => !e.Bool("erased")))
                {
                    var file = Path.Combine(folder.FullName, e.Str("id") + Extension(e.Str("contentType")));
                    await File.WriteAllBytesAsync(file, await session.Client.GetBytesAsync($"{path}/{Uri.EscapeDataString(e.Str("id")!)}", ct), ct);
                    session.IO.Out.WriteLine($"saved {file}");
                }
                return 0;
            }
            catch (Connection.AdminException ex)
            {
                return session.Fail(ex.Message);
            }
        });
        return command;
    }

    private static string Extension(string? type) => type switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        _ => ".pdf",
    };

    private static void ShowEvidence(CliSession session, JsonElement answer)
    {
        var table = Render.Table("Id", "Type", "Bytes", "Uploaded", "State");
        foreach (var e in answer.Items("data"))
            table.Row(e.Str("id"), e.Str("contentType"), e.Str("size"), e.Time("uploadedAt"), e.Bool("erased") ? "erased" : "readable");
        session.IO.Console.Write(table);
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
