using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RealName.Domain.Identities;
using static RealName.Domain.Tests.Identities.IdentityGenerators;

namespace RealName.Domain.Tests.Identities;

public sealed class PersonNameSpecs
{
    private const string ExtensionB = "\U00020000";

    [Theory]
    [InlineData("张三")]
    [InlineData("欧阳娜娜")]
    [InlineData("迪丽热巴·迪力木拉提")]
    [InlineData("㐀三")]
    [InlineData("龥鿿")]
    [InlineData("张" + ExtensionB)]
    [InlineData("\U0002EBEF三")]
    public void Should_accept_ideograph_names(string input)
    {
        Assert.True(PersonName.TryParse(input, out var name));
        Assert.Equal(input, name.Value);
    }

    [Theory]
    [InlineData("迪丽热巴\u30FB迪力木拉提")]
    [InlineData("迪丽热巴\u2022迪力木拉提")]
    [InlineData("迪丽热巴\u00B7迪力木拉提")]
    public void Should_normalize_lookalike_dots_to_middle_dot(string input)
    {
        Assert.True(PersonName.TryParse(input, out var name));
        Assert.Equal("迪丽热巴\u00B7迪力木拉提", name.Value);
    }

    [Theory]
    [InlineData("  张三\t")]
    [InlineData("\u3000张三\r\n")]
    public void Should_ignore_surrounding_whitespace(string input)
    {
        Assert.True(PersonName.TryParse(input, out var name));
        Assert.Equal("张三", name.Value);
    }

    [Fact]
    public void Should_count_a_surrogate_pair_as_one_character()
    {
        var thirty = string.Concat(Enumerable.Repeat(ExtensionB, PersonName.MaxLength));

        Assert.True(PersonName.TryParse(thirty, out _));
        Assert.False(PersonName.TryParse(thirty + ExtensionB, out _));
        Assert.False(PersonName.TryParse(ExtensionB, out _));
    }

    [Fact]
    public void Should_accept_up_to_30_characters_including_dots()
    {
        var thirty = new string('张', 14) + "·" + new string('三', 15);

        Assert.True(PersonName.TryParse(thirty, out _));
        Assert.False(PersonName.TryParse(thirty + "三", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("张")]
    [InlineData("Zhang San")]
    [InlineData("张三1")]
    [InlineData("张 三")]
    [InlineData("张三\u200B")]
    [InlineData("·张三")]
    [InlineData("张三·")]
    [InlineData("\u30FB张三")]
    [InlineData("迪丽热巴··迪力木拉提")]
    [InlineData("迪丽热巴·\u2022迪力木拉提")]
    [InlineData("张\uD800三")]
    [InlineData("\U0002EBF0三")]
    [InlineData("あい")]
    [InlineData("한국")]
    [InlineData("张三*")]
    public void Should_reject_anything_but_well_formed_ideograph_names(string? input)
    {
        Assert.False(PersonName.TryParse(input, out var name));
        Assert.Equal(default, name);
    }

    [Fact]
    public void Should_mask_name_when_formatted()
    {
        Assert.True(PersonName.TryParse("欧阳娜娜", out var name));
        Assert.Equal("*娜", name.ToString());
        Assert.DoesNotContain("欧阳", $"checking {name}", StringComparison.Ordinal);
    }

    [Fact]
    public void Should_format_default_value_as_fully_masked()
    {
        Assert.Equal(string.Empty, default(PersonName).Value);
        Assert.Equal(Masking.FullMask, default(PersonName).ToString());
    }

    [Property]
    public Property Should_accept_any_2_to_30_ideographs() =>
        Prop.ForAll(
            StringsOf(Ideographs, Gen.Choose(PersonName.MinLength, PersonName.MaxLength)).ToArbitrary(),
            input => PersonName.TryParse(input, out var name) && name.Value == input);

    [Property]
    public Property Should_reject_a_dot_at_either_end()
    {
        var dotted =
            from core in StringsOf(Ideographs, Gen.Choose(1, PersonName.MaxLength - 1))
            from dot in Gen.Elements("\u00B7", "\u30FB", "\u2022")
            from leading in Gen.Elements(true, false)
            select leading ? dot + core : core + dot;

        return Prop.ForAll(dotted.ToArbitrary(), input => !PersonName.TryParse(input, out _));
    }
}
