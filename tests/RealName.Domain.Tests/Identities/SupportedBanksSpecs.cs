using RealName.Domain.Identities;

namespace RealName.Domain.Tests.Identities;

public sealed class SupportedBanksSpecs
{
    private static readonly SupportedBanks Table = SupportedBanks.From(new Dictionary<string, string>
    {
        ["622202"] = "ICBC:debit",
        ["622588"] = "CMB:debit",
        ["622575"] = "CMB:credit",
        ["6225"] = "XYZ",
        ["62258899"] = "PSBC:credit",
    });

    [Fact]
    public void Should_tell_debit_from_credit_where_the_bin_table_says_so()
    {
        var banks = Table.List().ToDictionary(b => b.Code);

        Assert.Equal([CardType.Debit], banks["ICBC"].CardTypes);
        Assert.Equal([CardType.Debit, CardType.Credit], banks["CMB"].CardTypes);
        Assert.Equal("招商银行", banks["CMB"].Name);
    }

    [Fact]
    public void Should_list_both_card_types_for_a_bin_that_does_not_say_and_the_code_as_name_of_an_unknown_bank()
    {
        var xyz = Table.List().Single(b => b.Code == "XYZ");

        Assert.Equal([CardType.Debit, CardType.Credit], xyz.CardTypes);
        Assert.Equal("XYZ", xyz.Name);
    }

    [Theory]
    [InlineData("6222021234567890", "ICBC")]
    [InlineData("6225881234567890", "CMB")]
    [InlineData("6225889912345678", "PSBC")]
    [InlineData("6225771234567890", "XYZ")]
    [InlineData("4000001234567890", null)]
    public void Should_find_a_cards_bank_by_its_longest_matching_bin(string card, string? bank)
    {
        Assert.Equal(bank, Table.BankOf(card));
    }

    [Theory]
    [InlineData("62a202", "ICBC")]
    [InlineData("622", "ICBC")]
    [InlineData("622202", "ICBC:prepaid")]
    [InlineData("622202", "")]
    [InlineData("622202", "ICBC:debit:x")]
    public void Should_refuse_a_bin_table_entry_it_cannot_read(string bin, string value)
    {
        Assert.Throws<ArgumentException>(() => SupportedBanks.From(new Dictionary<string, string> { [bin] = value }));
    }
}
