namespace RealName.Domain.Identities;

/// <summary>A card type the BIN table can tell apart.</summary>
public enum CardType
{
    Debit,
    Credit,
}

/// <summary>A supported bank as the public list shows it: its code, name and the card types its BINs take.</summary>
public sealed record SupportedBank(string Code, string Name, IReadOnlyList<CardType> CardTypes);

/// <summary>
/// The BIN table of P3: card BIN (the card number's first digits) → <c>CODE</c>, <c>CODE:debit</c>
/// or <c>CODE:credit</c>. A BIN without a type takes either kind of card (the table cannot tell
/// them apart there); the longest matching BIN decides a card's bank.
/// </summary>
public sealed class SupportedBanks
{
    /// <summary>Names of the banks the default table and common configurations use; another code is listed under its code.</summary>
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["ICBC"] = "中国工商银行",
        ["CCB"] = "中国建设银行",
        ["ABC"] = "中国农业银行",
        ["BOC"] = "中国银行",
        ["CMB"] = "招商银行",
        ["BOCOM"] = "交通银行",
        ["PSBC"] = "中国邮政储蓄银行",
    };

    private readonly IReadOnlyList<(string Bin, string Code, CardType? Type)> _bins;

    private SupportedBanks(IReadOnlyList<(string Bin, string Code, CardType? Type)> bins) => _bins = bins;

    /// <summary>The table from configuration; a BIN that is not 4–8 digits or a value that does not read as above fails the start.</summary>
    public static SupportedBanks From(IReadOnlyDictionary<string, string> table)
    {
        var bins = new List<(string, string, CardType?)>();
        foreach (var (bin, value) in table)
        {
            if (bin.Length is < 4 or > 8 || !bin.All(char.IsAsciiDigit))
                throw new ArgumentException($"Banks: the BIN '{bin}' must be 4–8 digits.", nameof(table));
            var parts = value.Split(':');
            var code = parts[0].Trim();
            if (code.Length is 0 or > 16 || parts.Length > 2)
                throw new ArgumentException($"Banks:{bin} must be CODE, CODE:debit or CODE:credit.", nameof(table));
            CardType? type = parts.Length == 1 ? null : parts[1].Trim() switch
            {
                "debit" => CardType.Debit,
                "credit" => CardType.Credit,
                _ => throw new ArgumentException($"Banks:{bin} must be CODE, CODE:debit or CODE:credit.", nameof(table)),
            };
            bins.Add((bin, code, type));
        }
        return new SupportedBanks(bins.OrderByDescending(b => b.Item1.Length).ToList());
    }

    /// <summary>The bank code of a card number's BIN, or null when no supported bank issues it.</summary>
    public string? BankOf(string cardNumber) =>
        _bins.FirstOrDefault(b => cardNumber.StartsWith(b.Bin, StringComparison.Ordinal)).Code;

    /// <summary>Every supported bank by code, with the card types its BINs take (both where a BIN does not say).</summary>
    public IReadOnlyList<SupportedBank> List() =>
        _bins.GroupBy(b => b.Code, StringComparer.Ordinal)
            .Select(g => new SupportedBank(g.Key, Names.GetValueOrDefault(g.Key, g.Key),
                g.SelectMany(b => b.Type is { } t ? [t] : new[] { CardType.Debit, CardType.Credit }).Distinct().Order().ToList()))
            .OrderBy(b => b.Code, StringComparer.Ordinal)
            .ToList();
}

public static class CardTypes
{
    public static string WireName(this CardType type) => type == CardType.Debit ? "debit" : "credit";
}
