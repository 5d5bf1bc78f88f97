using System.CommandLine;
using RealName.Cli.Commands;
using RealName.Contracts;
using RealName.Contracts.Admin;
using Spectre.Console;

namespace RealName.Cli.Registry;

/// <summary><c>registry lookup</c> and <c>registry stats</c>: the identity registry singleton's answers, owners masked.</summary>
internal static class RegistryCommands
{
    public static Command Create(CliSession session)
    {
        var registry = new Command("registry", "The identity registry (which account holds which identity).");

        var idNumber = new Option<string>("--id-number") { Description = "An 18-character ID number: which account, if any, it verifies." };
        var account = new Option<string>("--account") { Description = "An account id: the identity it holds, if any." };
        var lookup = new Command("lookup", "Who holds an ID number, or what an account holds (answers are masked).") { idNumber, account };
        lookup.Validators.Add(result =>
        {
            if ((result.GetResult(idNumber) is null) == (result.GetResult(account) is null))
                result.AddError("Give exactly one of --id-number and --account.");
        });
        lookup.SetAction((parse, ct) =>
        {
            // The ID number travels in the body, never in a URL that access logs would keep.
            var body = parse.GetValue(idNumber) is { } number ? new RegistryLookupRequest(number, null) : new RegistryLookupRequest(null, parse.GetValue(account));
            return session.PostAsync(parse, "admin/registry/lookup", body, ContractJsonContext.Default.RegistryLookupRequest,
                ContractJsonContext.Default.RegistryLookupDto, l => ShowLookup(session, l), ct);
        });
        registry.Subcommands.Add(lookup);

        var stats = new Command("stats", "How many accounts are verified, ID numbers indexed, accounts revoked.");
        stats.SetAction((parse, ct) => session.ShowAsync(parse, "admin/registry/stats", ContractJsonContext.Default.RegistryStatsDto, s => session.IO.Console.Write(Render.Fields(
            ("Verified accounts", Render.Number(s.VerifiedAccounts)),
            ("ID numbers indexed", Render.Number(s.IdKeys)),
            ("Revoked accounts", Render.Number(s.RevokedAccounts)),
            ("Journal sequence nr", Render.Number(s.JournalSequenceNr)))), ct));
        registry.Subcommands.Add(stats);
        return registry;
    }

    private static void ShowLookup(CliSession session, RegistryLookupDto l)
    {
        if (!l.Found)
        {
            session.IO.Console.Line(l.By == RegistryLookupDto.ByIdNumber
                ? "Not verified: no account holds this ID number."
                : $"Not verified: account {l.Owner ?? Render.None} holds no identity.");
            return;
        }
        session.IO.Console.Write(Render.Fields(
            ("Owner", l.Owner),
            ("Identity", Render.Identity(l.Identity)),
            ("Method", l.Method),
            ("Verified", Render.Time(l.VerifiedAt)),
            ("Session", l.SessionId)));
    }
}
