using System.Globalization;
using RealName.Abuse.Campaign;

namespace RealName.Abuse;

/// <summary>
/// <c>realname-abuse --url http://127.0.0.1:5080 --minutes 10 [--seed 42] [--api-key …] [--app-secret …] [--face-secret …]</c>:
/// runs the abuse campaign against a running node in rounds of 2,000 requests (a new seed per round,
/// printed) until the time is up, then prints requests tried and every violation. Exit code 1 when
/// any property was violated. Point it at a sandbox node: it creates sessions and signs callbacks.
/// </summary>
public static class AbuseProgram
{
    public static async Task<int> Main(string[] args)
    {
        var options = Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: realname-abuse --url <base url> [--minutes N] [--seed N] [--api-key K] [--app-secret S] [--face-secret S]");
            return 2;
        }
        var (target, minutes, seed) = options.Value;
        var deadline = DateTimeOffset.UtcNow.AddMinutes(minutes);
        int tried = 0, limited = 0, redactions = 0, replays = 0;
        var violations = new List<string>();
        for (var round = 0; DateTimeOffset.UtcNow < deadline; round++)
        {
            var campaign = new AbuseCampaign(target, seed + round);
            var result = await campaign.RunAsync(2_000, deadline);
            tried += result.RequestsTried;
            limited += result.RateLimited;
            redactions += result.RedactionsVerified;
            replays += result.ReplaysRejected;
            violations.AddRange(result.Violations.Select(v => $"seed {campaign.Seed}: {v}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round} seed {campaign.Seed}: {result.RequestsTried} requests, {result.Violations.Count} violations"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"requests tried {tried} · violations {violations.Count} · rate limited {limited} · refused signatures {replays} · answers checked for personal data {redactions}"));
        foreach (var violation in violations.Take(100))
            Console.WriteLine("  " + violation);
        return violations.Count == 0 ? 0 : 1;
    }

    private static (CampaignTarget Target, double Minutes, int Seed)? Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
            values[args[i]] = args[i + 1];
        if (args.Length % 2 != 0 || !values.TryGetValue("--url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseAddress))
            return null;
        var target = new CampaignTarget(
            baseAddress,
            values.GetValueOrDefault("--api-key", "rn_test_key"),
            values.GetValueOrDefault("--app-secret", "rn_test_app_secret"),
            values.GetValueOrDefault("--face-secret", "rn_test_face_secret"));
        var minutes = double.Parse(values.GetValueOrDefault("--minutes", "1"), CultureInfo.InvariantCulture);
        var seed = int.Parse(values.GetValueOrDefault("--seed", "20240601"), CultureInfo.InvariantCulture);
        return (target, minutes, seed);
    }
}
