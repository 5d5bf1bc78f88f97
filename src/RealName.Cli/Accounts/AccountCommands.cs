using System.CommandLine;
using RealName.Cli.Commands;
using RealName.Contracts;
using RealName.Contracts.Accounts;

namespace RealName.Cli.Accounts;

/// <summary><c>accounts erase</c>: PIPL erasure of an account's personal data (irreversible, so it asks for <c>--yes</c>).</summary>
internal static class AccountCommands
{
    public static Command Create(CliSession session)
    {
        var accounts = new Command("accounts", "Accounts' personal data.");
        var id = new Argument<string>("accountId") { Description = "The account whose personal data is erased." };
        var yes = new Option<bool>("--yes") { Description = "Confirm: the account's data keys are destroyed and cannot be brought back." };
        var erase = new Command("erase", "Erase the account's personal data everywhere (crypto-shredding); its verification claim stays, as an HMAC.") { id, yes };
        erase.SetAction((parse, ct) => parse.GetValue(yes)
            ? session.RunAsync(parse, () => session.Client.DeleteAsync($"v1/accounts/{Uri.EscapeDataString(parse.GetValue(id)!)}/verification", ct),
                ContractJsonContext.Default.ErasureDto, a => Show(session, a))
            : Task.FromResult(Refuse(session)));
        accounts.Subcommands.Add(erase);
        return accounts;
    }

    private static int Refuse(CliSession session)
    {
        session.Fail("erasure cannot be undone; repeat with --yes to erase the account's personal data.");
        return CliSession.Usage;
    }

    private static void Show(CliSession session, ErasureDto a) => session.IO.Console.Write(Render.Fields(
        ("Account", a.AccountId),
        ("Erased at", Render.Time(a.ErasedAt)),
        ("Erased by", a.ErasedBy),
        ("Data keys destroyed", Render.Number(a.KeysDestroyed)),
        ("Registry record erased", Render.YesNo(a.RegistryErased)),
        ("Verification claim kept", Render.YesNo(a.ClaimKept)),
        ("Appeals erased", Render.Number(a.AppealsErased))));
}
