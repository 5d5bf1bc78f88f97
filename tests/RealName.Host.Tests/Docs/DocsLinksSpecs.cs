using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RealName.Host.Tests.Docs;

/// <summary>
/// The repository's own docs are all an integrator reads: a relative link in any of its Markdown files (the README,
/// docs/, the ADRs, benchmarks/) must name a file that exists, and a <c>#fragment</c> a heading or an
/// <c>&lt;a id&gt;</c> of that file.
/// </summary>
public sealed partial class DocsLinksSpecs
{
    [Fact]
    public void Should_point_every_relative_link_in_the_repositorys_markdown_at_a_file_and_heading_that_exist()
    {
        var files = TrackedMarkdown();
        Assert.Contains("README.md", files);
        Assert.Contains("docs/adr/README.md", files);

        var anchors = new Dictionary<string, HashSet<string>>();
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var file in files)
        {
            var text = FencedBlock().Replace(File.ReadAllText(Path.Combine(Markdown.Repository, file)), "");
            foreach (Match link in Link().Matches(text))
            {
                var target = link.Groups[1].Value;
                if (Scheme().IsMatch(target))
                    continue;
                checkedLinks++;
                var hash = target.IndexOf('#');
                var path = hash < 0 ? target : target[..hash];
                var fragment = hash < 0 ? "" : target[(hash + 1)..];
                var resolved = path.Length == 0
                    ? file
                    : Path.GetRelativePath(Markdown.Repository, Path.GetFullPath(Path.Combine(Markdown.Repository, Path.GetDirectoryName(file)!, Uri.UnescapeDataString(path)))).Replace('\\', '/');
                var full = Path.Combine(Markdown.Repository, resolved);
                if (!File.Exists(full) && !Directory.Exists(full))
                    broken.Add($"{file}: ({target}) names no file");
                else if (fragment.Length > 0 && resolved.EndsWith(".md", StringComparison.Ordinal) && !AnchorsOf(resolved, anchors).Contains(fragment))
                    broken.Add($"{file}: ({target}) names no heading of {resolved}");
            }
        }

        Assert.True(checkedLinks > 100, $"only {checkedLinks} relative links found in {files.Count} files");
        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
    }

    /// <summary>The Markdown files git tracks (not build output or BenchmarkDotNet's reports).</summary>
    private static List<string> TrackedMarkdown()
    {
        var git = new ProcessStartInfo("git", ["-C", Markdown.Repository, "ls-files", "*.md"]) { RedirectStandardOutput = true };
        using var process = Process.Start(git)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    /// <summary>A file's heading slugs as GitHub makes them (lower case, punctuation dropped, spaces to hyphens) and its explicit anchors.</summary>
    private static HashSet<string> AnchorsOf(string file, Dictionary<string, HashSet<string>> cache)
    {
        if (cache.TryGetValue(file, out var known))
            return known;
        var text = FencedBlock().Replace(File.ReadAllText(Path.Combine(Markdown.Repository, file)), "");
        var anchors = Heading().Matches(text)
            .Select(h => NotInSlug().Replace(h.Groups[1].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-'))
            .Concat(ExplicitAnchor().Matches(text).Select(a => a.Groups[1].Value))
            .ToHashSet();
        cache[file] = anchors;
        return anchors;
    }

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\w\- ]")]
    private static partial Regex NotInSlug();

    [GeneratedRegex(@"<a (?:id|name)=""([^""]+)""")]
    private static partial Regex ExplicitAnchor();
}
