using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RealName.Domain.Identities;

namespace RealName.Domain.Tests.Identities;

public sealed class CreditCodeSpecs
{
    private static readonly Arbitrary<string> Bodies =
        Gen.ArrayOf(Gen.Elements(CreditCode.Alphabet.ToCharArray()), 17).Select(chars => new string(chars)).ToArbitrary();

    [Fact]
    public void Should_accept_the_published_example_and_normalize_lower_case()
    {
        Assert.True(CreditCode.TryParse("91350100m000100y43", out var code));
        Assert.Equal("91350100M000100Y43", code.Value);
    }

    [Property]
    public Property Should_accept_any_body_with_its_computed_check_character() =>
        Prop.ForAll(Bodies, body => CreditCode.TryParse(body + CreditCode.ComputeCheckCharacter(body), out _));

    [Property]
    public Property Should_refuse_any_other_check_character() =>
        Prop.ForAll(Bodies, body =>
        {
            var right = CreditCode.ComputeCheckCharacter(body);
            return CreditCode.Alphabet.Where(c => c != right).All(c => !CreditCode.TryParse(body + c, out _));
        });

    [Theory]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100Y433")]
    [InlineData("110108000000016")]
    [InlineData("91350100I000100Y43")]
    [InlineData("91350100O000100Y43")]
    [InlineData("")]
    [InlineData(null)]
    public void Should_refuse_wrong_lengths_and_letters_outside_the_alphabet(string? input) => Assert.False(CreditCode.TryParse(input, out _));

    [Fact]
    public void Should_print_masked() => Assert.Equal("913501********0Y43", CreditCode.Mask("91350100M000100Y43"));
}
