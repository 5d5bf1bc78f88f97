using RealName.Domain.Identities;

namespace RealName.Domain.Tests.Identities;

public sealed class AgeRuleSpecs
{
    private static IdNumber Born(DateOnly birth)
    {
        var body = $"110105{birth:yyyyMMdd}123";
        Assert.True(IdNumber.TryParse(body + IdNumber.ComputeCheckCharacter(body), new DateOnly(2100, 1, 1), out var id));
        return id;
    }

    [Theory]
    [InlineData("2008-11-29", "2026-11-29", false)] // the 18th birthday itself
    [InlineData("2008-11-29", "2026-11-30", true)] // the day after
    [InlineData("2008-11-30", "2026-11-29", false)]
    [InlineData("1949-12-31", "2026-11-29", true)]
    [InlineData("2008-02-29", "2026-02-28", false)] // 29 February: the birthday falls on 28 February in a common year
    [InlineData("2008-02-29", "2026-03-01", true)]
    public void Should_count_a_person_of_age_from_the_day_after_the_eighteenth_birthday(string birth, string today, bool ofAge)
    {
        Assert.Equal(ofAge, AgeRule.IsOfAge(Born(DateOnly.Parse(birth)), DateOnly.Parse(today)));
    }

    [Fact]
    public void Should_keep_refusing_a_birth_date_in_the_future()
    {
        var body = "11010520261130123";

        Assert.False(IdNumber.TryParse(body + IdNumber.ComputeCheckCharacter(body), new DateOnly(2026, 11, 29), out _));
    }
}
