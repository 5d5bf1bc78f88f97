using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealName.Cli.Commands;
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
            var body = parse.GetValue(idNumber) is { } number
                ? new JsonObject { ["idNumber"] = number }
                : new JsonObject { ["account"] = parse.GetValue(account) };
            return session.PostAsync(parse, "admin/registry/lookup", body.ToJsonString(), l => ShowLookup(session, l), ct);
        });
        registry.Subcommands.Add(lookup);

        var stats = new Command("stats", "How many accounts are verified, ID numbers indexed, accounts revoked.");
        stats.SetAction((parse, ct) => session.ShowAsync(parse, "admin/registry/stats", s => session.IO.Console.Write(Render.Fields(
            ("Verified accounts", s.Str("verifiedAccounts")),
            ("ID numbers indexed", s.Str("idKeys")),
            ("Revoked accounts", s.Str("revokedAccounts")),
            ("Journal sequence nr", s.Str("journalSequenceNr")))), ct));
        registry.Subcommands.Add(stats);
        return registry;
    }

    private static void ShowLookup(CliSession session, JsonElement l)
    {
        if (!l.Bool("found"))
        {
            session.IO.Console.Line(l.Str("by") == "idNumber"
                ? "Not verified: no account holds this ID number."
                : $"Not verified: account {l.Str("owner")} holds no identity.");
            return;
        }
        var identity = l.TryGetProperty("identity", out var i) && i.ValueKind == JsonValueKind.Object ? $"{i.Str("name")}  {i.Str("idNumber")}" : Render.None;
        session.IO.Console.Write(Render.Fields(
            ("Owner", l.Str("owner")),
            ("Identity", identity),
            ("Method", l.Str("method")),
            ("Verified", l.Time("verifiedAt")),
            ("Session", l.Str("sessionId"))));
    }
}
