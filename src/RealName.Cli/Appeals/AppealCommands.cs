using System.CommandLine;
using System.Globalization;
using RealName.Cli.Commands;
using RealName.Contracts;
using RealName.Contracts.Appeals;

namespace RealName.Cli.Appeals;

/// <summary><c>appeals list</c>, <c>appeals approve</c>, <c>appeals reject</c>, <c>appeals evidence</c>: the operator's side of P6 (answers masked; evidence files only saved on request).</summary>
internal static class AppealCommands
{
    public static Command Create(CliSession session)
    {
        var appeals = new Command("appeals", "Appeal cases: a person claims an identity that verifies another account.");

        var list = new Command("list", "Every appeal with its status (identities masked).");
        list.SetAction((parse, ct) => session.ShowAsync(parse, "admin/appeals", ContractJsonContext.Default.AppealListDto, a => ShowList(session, a), ct));
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
            var shown = await session.ShowAsync(parse, path, ContractJsonContext.Default.EvidenceListDto, a => ShowEvidence(session, a), ct);
            if (shown != 0 || parse.GetValue(save) is not { } folder)
                return shown;
            try
            {
                var listed = session.Read(await session.Client.GetAsync(path, ct), ContractJsonContext.Default.EvidenceListDto);
                if (OperatingSystem.IsWindows())
                    Directory.CreateDirectory(folder.FullName);
                else
                    Directory.CreateDirectory(folder.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                foreach (var e in listed.Data.Where(e => e.Erased != true))
                {
                    var file = Path.Combine(folder.FullName, e.Id + Extension(e.ContentType));
                    await File.WriteAllBytesAsync(file, await session.Client.GetBytesAsync($"{path}/{Uri.EscapeDataString(e.Id)}", ct), ct);
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

    private static string Extension(string type) => type switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        _ => ".pdf",
    };

    private static void ShowEvidence(CliSession session, EvidenceListDto answer)
    {
        var table = Render.Table("Id", "Type", "Bytes", "Uploaded", "State");
        foreach (var e in answer.Data)
            table.Row(e.Id, e.ContentType, e.Size.ToString(CultureInfo.InvariantCulture), Render.Time(e.UploadedAt), e.Erased == true ? "erased" : "readable");
        session.IO.Console.Write(table);
    }

    private static Command Decide(CliSession session, string verb, string description)
    {
        var id = new Argument<string>("id") { Description = "The appeal id (ap_…)." };
        var reason = new Option<string>("--reason") { Description = "Why (kept on the appeal and, for approvals, on the revoked account).", Required = true };
        var command = new Command(verb, description) { id, reason };
        command.SetAction((parse, ct) => session.PostAsync(parse, $"admin/appeals/{Uri.EscapeDataString(parse.GetValue(id)!)}/{verb}",
            new AppealDecisionRequest(parse.GetValue(reason)), ContractJsonContext.Default.AppealDecisionRequest, ContractJsonContext.Default.AppealDto, a => ShowOne(session, a), ct));
        return command;
    }

    private static void ShowList(CliSession session, AppealListDto answer)
    {
        var table = Render.Table("Id", "Account", "Status", "Identity", "Holder", "Opened", "Decision", "Decided by");
        foreach (var a in answer.Appeals)
        {
            var identity = a.Identity is not null ? Render.Identity(a.Identity) : a.PersonalDataErased == true ? "(erased)" : Render.None;
            table.Row(a.Id, a.AccountId, a.Status, identity, a.Holder, Render.Time(a.OpenedAt), a.Decision, a.DecidedBy);
        }
        session.IO.Console.Write(table);
    }

    private static void ShowOne(CliSession session, AppealDto a) => session.IO.Console.Write(Render.Fields(
        ("Appeal", a.Id),
        ("Status", a.Status),
        ("Appellant", a.AccountId),
        ("Former holder", a.Holder),
        ("Decided", Render.Time(a.DecidedAt)),
        ("Decided by", a.DecidedBy),
        ("Reason", a.Decision)));
}
