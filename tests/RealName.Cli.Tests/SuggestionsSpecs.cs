using RealName.Cli.Commands;

namespace RealName.Cli.Tests;

/// <summary>The edit distance behind "did you mean".</summary>
public sealed class SuggestionsSpecs
{
    [Theory]
    [InlineData("cluster", "cluster", 0)]
    [InlineData("clustr", "cluster", 1)]
    [InlineData("shwo", "show", 2)]
    [InlineData("LEADER", "leader", 0)]
    [InlineData("", "stats", 5)]
    public void Should_count_insertions_deletions_and_substitutions(string a, string b, int expected)
    {
        Assert.Equal(expected, Suggestions.Distance(a, b));
        Assert.Equal(expected, Suggestions.Distance(b, a));
    }
}
