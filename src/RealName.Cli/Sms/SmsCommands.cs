using System.CommandLine;
using RealName.Cli.Commands;
using RealName.Contracts;
using RealName.Contracts.Providers;

namespace RealName.Cli.Sms;

/// <summary><c>sms outbox</c>: what the sandbox SMS gateway would have sent (sandbox nodes only; phones masked).</summary>
internal static class SmsCommands
{
    public static Command Create(CliSession session)
    {
        var sms = new Command("sms", "The SMS gateway.");
        var outbox = new Command("outbox", "Messages the sandbox gateway kept, newest first (sandbox nodes only).");
        outbox.SetAction((parse, ct) => session.ShowAsync(parse, "admin/sms/outbox", ContractJsonContext.Default.SmsOutboxDto, o => Show(session, o), ct));
        sms.Subcommands.Add(outbox);
        return sms;
    }

    private static void Show(CliSession session, SmsOutboxDto outbox)
    {
        var table = Render.Table("Sent", "Phone", "Text");
        foreach (var m in outbox.Messages)
            table.Row(Render.Time(m.At), m.Phone, m.Text);
        session.IO.Console.Write(table);
    }
}
