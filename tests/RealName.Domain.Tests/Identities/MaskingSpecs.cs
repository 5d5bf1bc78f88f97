using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using RealName.Domain.Identities;
using static RealName.Domain.Tests.Identities.IdentityGenerators;

namespace RealName.Domain.Tests.Identities;

public sealed class MaskingSpecs
{
    private static readonly Dictionary<string, Func<string, string>> Maskers = new()
    {
        [nameof(Masking.MaskName)] = Masking.MaskName,
        [nameof(Masking.MaskIdNumber)] = Masking.MaskIdNumber,
        [nameof(Masking.MaskPhone)] = Masking.MaskPhone,
        [nameof(Masking.MaskAccount)] = Masking.MaskAccount,
    };

    [Theory]
    [InlineData("张三", "*三")]
    [InlineData("欧阳娜娜", "*娜")]
    [InlineData("迪丽热巴·迪力木拉提", "*提")]
    [InlineData("张\U00020000", "*\U00020000")]
    public void Should_show_only_the_last_character_of_a_name(string name, string expected) =>
        Assert.Equal(expected, Masking.MaskName(name));

    [Fact]
    public void Should_show_only_first_3_and_last_4_characters_of_an_id_number() =>
        Assert.Equal("110***********0021", Masking.MaskIdNumber("110105194912310021"));

    [Fact]
    public void Should_show_only_first_3_and_last_4_digits_of_a_phone_number() =>
        Assert.Equal("138****5678", Masking.MaskPhone("13812345678"));

    [Theory]
    [InlineData("acc_1001", "acc_1***")]
    [InlineData("abcdef", "abcde***")]
    [InlineData("abcde", "ab***")]
    [InlineData("abcd", "ab***")]
    [InlineData("abc", "a***")]
    [InlineData("ab", "a***")]
    [InlineData("\U00020000\U00020001", "\U00020000***")]
    public void Should_show_at_most_the_first_5_characters_of_an_account_id(string accountId, string expected) =>
        Assert.Equal(expected, Masking.MaskAccount(accountId));

    [Theory]
    [InlineData(nameof(Masking.MaskName), "")]
    [InlineData(nameof(Masking.MaskName), "张")]
    [InlineData(nameof(Masking.MaskName), "\U00020000")]
    [InlineData(nameof(Masking.MaskIdNumber), "")]
    [InlineData(nameof(Masking.MaskIdNumber), "11010519491231002")]
    [InlineData(nameof(Masking.MaskIdNumber), "11010519491231002X0")]
    [InlineData(nameof(Masking.MaskIdNumber), "110105491231002")]
    [InlineData(nameof(Masking.MaskPhone), "")]
    [InlineData(nameof(Masking.MaskPhone), "1381234567")]
    [InlineData(nameof(Masking.MaskPhone), "138123456789")]
    [InlineData(nameof(Masking.MaskPhone), "+8613812345678")]
    [InlineData(nameof(Masking.MaskPhone), "1381234567a")]
    [InlineData(nameof(Masking.MaskAccount), "")]
    [InlineData(nameof(Masking.MaskAccount), "a")]
    public void Should_mask_unexpected_shapes_entirely(string masker, string input) =>
        Assert.Equal(Masking.FullMask, Maskers[masker](input));

    [Fact]
    public void Should_reject_null_input()
    {
        foreach (var mask in Maskers.Values)
        {
            Assert.Throws<ArgumentNullException>(() => mask(null!));
        }
    }

    [Property]
    public Property Should_never_show_the_middle_11_characters_of_an_id_number() =>
        Prop.ForAll(ValidIdNumbers.ToArbitrary(), number =>
        {
            var masked = Masking.MaskIdNumber(number);
            return masked.Length == IdNumber.Length
                && masked[3..14] == new string('*', 11)
                && !masked.Contains(number.Substring(3, 11), StringComparison.Ordinal);
        });

    [Property]
    public Property Should_never_echo_an_input_of_two_or_more_characters()
    {
        // Inputs never contain '*', so any output containing the input would mean it leaked in clear.
        // Lengths 11 and 18 are favoured so the phone and ID branches are exercised, not only "***".
        var element = Gen.OneOf(
            Gen.Elements("0123456789".Select(c => c.ToString())),
            Gen.Elements("abcxyzABCXYZ_-.@".Select(c => c.ToString())),
            Ideographs);
        var lengths = Gen.OneOf(Gen.Constant(11), Gen.Constant(18), Gen.Choose(2, 40));
        var digitsOnly = StringsOf(Gen.Choose(0, 9).Select(d => d.ToString()), lengths);
        var inputs = Gen.OneOf(StringsOf(element, lengths), digitsOnly);

        return Prop.ForAll(inputs.ToArbitrary(), input =>
            Maskers.Values.All(mask => !mask(input).Contains(input, StringComparison.Ordinal)));
    }
}
