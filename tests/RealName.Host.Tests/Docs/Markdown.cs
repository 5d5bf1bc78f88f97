namespace RealName.Host.Tests.Docs;

/// <summary>The repository's docs, and the code blocks in them that the docs' specs run.</summary>
internal static class Markdown
{
    /// <summary>The checkout the tests run from (the folder of RealName.sln).</summary>
    public static readonly string Repository = FindRepository();

    public static Task<string> ReadAsync(params string[] path) => File.ReadAllTextAsync(Path.Combine([Repository, .. path]));

    /// <summary>The first <paramref name="language"/> block after <paramref name="heading"/>.</summary>
    public static string Block(string markdown, string heading, string language = "bash")
    {
        var at = markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no heading '{heading}'");
        var fence = "```" + language + "\n";
        var start = markdown.IndexOf(fence, at, StringComparison.Ordinal) + fence.Length;
        var end = markdown.IndexOf("\n```", start, StringComparison.Ordinal);
        return markdown[start..end];
    }

    private static string FindRepository()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RealName.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("RealName.sln not found above the test assembly");
    }
}
