using System.Globalization;
using System.Text.RegularExpressions;
using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary><c>/metrics</c> scraped before and after real verifications.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed partial class MetricsSpecs(SingleNode node)
{
    private static readonly string[] PromtoolPaths = ["/usr/bin/promtool", "/usr/local/bin/promtool"];

    [Fact]
    public async Task Should_count_created_and_verified_sessions_by_method()
    {
        var before = await ScrapeAsync();

        await node.VerifyAccountAsync(TestData.Account("metrics"), TestData.IdNumber());
        var after = await ScrapeAsync();

        Assert.True(Sum(after, "realname_sessions_created_total", "method=\"face\"") >= Sum(before, "realname_sessions_created_total", "method=\"face\"") + 1);
        Assert.True(Sum(after, "realname_sessions_verified_total", "method=\"face\"") >= Sum(before, "realname_sessions_verified_total", "method=\"face\"") + 1);
        Assert.True(Sum(after, "realname_sessions_ended_total", "status=\"verified\"") >= Sum(before, "realname_sessions_ended_total", "status=\"verified\"") + 1);
        Assert.True(Sum(after, "realname_registry_claim_duration_seconds_count", "status=\"granted\"") > Sum(before, "realname_registry_claim_duration_seconds_count", "status=\"granted\""));
        Assert.True(Sum(after, "realname_journal_write_duration_seconds_count") > Sum(before, "realname_journal_write_duration_seconds_count"));
        // ASP.NET Core records a request's duration just after its answer has gone out.
        await Eventually.AwaitAssertAsync(async () =>
        {
            const string route = "http_route=\"/v1/face-results\"";
            var now = await ScrapeAsync();
            Assert.True(Sum(now, "http_server_request_duration_seconds_count", route) > Sum(before, "http_server_request_duration_seconds_count", route));
        }, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Should_count_failed_sessions_by_method_and_code()
    {
        var before = await ScrapeAsync();

        await node.FailFaceThreeTimesAsync(TestData.Account("metrics"), TestData.IdNumber());
        var after = await ScrapeAsync();

        const string labels = "code=\"too_many_attempts\"";
        Assert.True(Sum(after, "realname_sessions_failed_total", labels) >= Sum(before, "realname_sessions_failed_total", labels) + 1, after);
        Assert.True(Sum(after, "realname_sessions_ended_total", "status=\"failed\"") >= Sum(before, "realname_sessions_ended_total", "status=\"failed\"") + 1);
    }

    [Fact]
    public async Task Should_report_cluster_members_by_status_and_live_sessions()
    {
        await node.CreateSessionIdAsync(TestData.Account("metrics"));

        await Eventually.AwaitAssertAsync(async () =>
        {
            var metrics = await ScrapeAsync();
            Assert.Equal(1, Sum(metrics, "realname_cluster_members", "status=\"up\""));
            Assert.Equal(0, Sum(metrics, "realname_cluster_members", "status=\"joining\""));
            // Sampled every 5 s from the shard region.
            Assert.True(Sum(metrics, "realname_sessions_active") >= 1, metrics);
        }, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Should_carry_no_personal_data_or_ids_in_any_label()
    {
        var account = TestData.Account("privacy");
        var idNumber = TestData.IdNumber();
        var sessionId = await node.VerifyAccountAsync(account, idNumber);

        var metrics = await ScrapeAsync();

        Assert.DoesNotContain(idNumber, metrics);
        Assert.DoesNotContain("张三", metrics);
        Assert.DoesNotContain(account, metrics);
        Assert.DoesNotContain(sessionId, metrics);
        var labelNames = LabelName().Matches(metrics).Select(m => m.Groups[1].Value).ToHashSet();
        var ours = metrics.Split('\n').Where(l => l.StartsWith("realname_", StringComparison.Ordinal))
            .SelectMany(l => LabelName().Matches(l).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.Subset(new HashSet<string> { "otel_scope_name", "method", "code", "status", "le", "region", "provider", "outcome", "reason" }, ours);
        Assert.NotEmpty(labelNames);
    }

    [Fact]
    public async Task Should_export_runtime_sharding_claims_and_the_service_name()
    {
        await node.VerifyAccountAsync(TestData.Account("metrics"), TestData.IdNumber());

        await Eventually.AwaitAssertAsync(async () =>
        {
            var metrics = await ScrapeAsync();
            Assert.True(Sum(metrics, "realname_registry_claims_total", "status=\"granted\"") >= 1, metrics);
            Assert.True(Sum(metrics, "realname_sharding_shards", "region=\"session\"") >= 1, metrics);
            Assert.Contains("dotnet_gc_", metrics, StringComparison.Ordinal);
            Assert.Contains("service_name=\"realname\"", metrics, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20));
    }

    /// <summary>
    /// Prometheus's own linter on a real scrape. promtool comes from Debian's <c>prometheus</c>
    /// package (.ci/run installs it); where it cannot be installed the check says so and passes.
    /// </summary>
    [Fact]
    public async Task Should_pass_promtool_check_metrics()
    {
        await node.VerifyAccountAsync(TestData.Account("metrics"), TestData.IdNumber());
        var metrics = await ScrapeAsync();
        var promtool = PromtoolPaths.FirstOrDefault(File.Exists);
        if (promtool is null)
        {
            Console.WriteLine("SKIPPED promtool check metrics: promtool is not installed (Debian package 'prometheus').");
            return;
        }

        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(promtool, "check metrics")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.StandardInput.WriteAsync(metrics);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0 && output.Trim().Length == 0, output);
    }

    private async Task<string> ScrapeAsync()
    {
        using var response = await node.AdminHttp.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels contain all <paramref name="labels"/>.</summary>
    private static double Sum(string metrics, string name, params string[] labels) =>
        metrics.Split('\n')
            .Select(line => Sample().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == name && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<labels>\{[^}]*\})? (?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"[{,]([a-zA-Z_][a-zA-Z0-9_]*)=""")]
    private static partial Regex LabelName();
}
