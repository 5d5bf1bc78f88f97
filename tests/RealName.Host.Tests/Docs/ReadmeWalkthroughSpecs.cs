using RealName.Testing;

namespace RealName.Host.Tests.Docs;

/// <summary>The README's curl walkthroughs, run as written (through <c>bash</c>, <c>curl</c> and <c>tools/sign.sh</c>) against a node.</summary>
public sealed class ReadmeWalkthroughSpecs
{
    [Fact]
    public async Task Should_verify_erase_verify_by_phone_and_verify_an_enterprise_when_the_readmes_curl_walkthroughs_run_as_written()
    {
        // The system clock: tools/sign.sh signs with the time of day, which the node checks against its own.
        await using var node = await RealNameNode.StartAsync(new NodeOptions { SystemClock = true });
        var readme = await Markdown.ReadAsync("README.md");
        var blocks = new[]
        {
            Markdown.Block(readme, "## Walkthrough: P1 with curl"),
            Markdown.Block(readme, "### P2 (mobile phone) with curl"),
            Markdown.Block(readme, "### E1 (legal-person face scan) with curl"),
        };
        var work = Directory.CreateTempSubdirectory("realname-walkthrough-");
        try
        {
            var script = CurlWalkthrough.Script(blocks, node.BaseAddress, node.AdminUri, Markdown.Repository, work.FullName);

            var (exit, output) = await Bash.RunAsync(script, TimeSpan.FromMinutes(2));

            Assert.True(exit == 0, $"the walkthrough stopped (exit {exit}):\n{output}");
            var (p1, p2, e1) = output.Split("::end of block::") is [var first, var second, var third, ..] ? (first, second, third) : throw new Xunit.Sdk.XunitException(output);
            Assert.Contains("\"status\":\"verified\"", p1, StringComparison.Ordinal);
            Assert.EndsWith("\"personalDataErased\":true,\"groupSync\":null}", p1.TrimEnd(), StringComparison.Ordinal);
            Assert.Contains("resend_too_soon", p2, StringComparison.Ordinal);
            Assert.Contains("\"status\":\"verified\"", p2.TrimEnd().Split('\n')[^1], StringComparison.Ordinal);
            var enterprise = e1.TrimEnd().Split('\n')[^1];
            Assert.Contains("\"level\":\"enterprise\"", enterprise, StringComparison.Ordinal);
            Assert.Contains("913501********0Y43", enterprise, StringComparison.Ordinal);
            Assert.StartsWith("<svg", await File.ReadAllTextAsync(Path.Combine(work.FullName, "qr.svg")), StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
