using RealName.Domain.Identities;

namespace RealName.Domain.Tests.Identities;

public sealed class PhoneNumberSpecs
{
    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("+86 138-1234-5678", "13812345678")]
    [InlineData("0086 13812345678", "13812345678")]
    [InlineData("8613812345678", "13812345678")]
    public void Should_normalize_mainland_mobile_numbers(string input, string expected)
    {
        Assert.True(PhoneNumber.TryParse(input, out var phone));
        Assert.Equal(expected, phone.Value);
    }

    [Theory]
    [InlineData("12812345678")]
    [InlineData("1381234567")]
    [InlineData("138123456789")]
    [InlineData("+1 2025550100")]
    [InlineData("1381234567a")]
    [InlineData("")]
    [InlineData(null)]
    public void Should_refuse_anything_else(string? input) => Assert.False(PhoneNumber.TryParse(input, out _));

    [Fact]
    public void Should_print_masked() => Assert.True(PhoneNumber.TryParse("13812345678", out var p) && p.ToString() == "138****5678");
}

public sealed class BankCardSpecs
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("6222 0200 0000 0000 001")]
    public void Should_accept_luhn_valid_cards(string input)
    {
        var body = new string(input.Where(char.IsAsciiDigit).ToArray());
        var valid = BankCard.PassesLuhn(body) ? input : string.Concat(body.AsSpan(0, body.Length - 1), BankCard.ComputeCheckDigit(body.AsSpan(0, body.Length - 1)).ToString());
        Assert.True(BankCard.TryParse(valid, out _));
    }

    [Fact]
    public void Should_refuse_every_single_digit_error_of_a_valid_card()
    {
        const string body = "622202123456789012";
        var valid = body + BankCard.ComputeCheckDigit(body);
        for (var i = 0; i < valid.Length; i++)
            foreach (var d in "0123456789".Where(d => d != valid[i]))
                Assert.False(BankCard.TryParse(valid[..i] + d + valid[(i + 1)..], out _));
    }

    [Theory]
    [InlineData("12345678901")]
    [InlineData("62220212345678901234")]
    [InlineData("6222021234567890x")]
    public void Should_refuse_wrong_lengths_and_characters(string input) => Assert.False(BankCard.TryParse(input, out _));

    [Fact]
    public void Should_mask_all_but_bin_and_last_four() => Assert.Equal("622202*********0123", Masking.MaskBankCard("6222021234567890123"));
}
