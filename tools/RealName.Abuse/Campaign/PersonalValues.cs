using System.Globalization;
using RealName.Domain.Identities;

namespace RealName.Abuse.Campaign;

/// <summary>
/// Valid personal values from a seeded generator (names, ID numbers, phones, bank cards), avoiding
/// the sandbox's magic outage values, and remembered so that no answer may carry one in clear.
/// </summary>
public sealed class PersonalValues(Random random)
{
    private static readonly string[] Surnames = ["张", "李", "王", "赵", "钱", "孙", "周", "吴", "郑", "欧阳"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟"];

    private readonly HashSet<string> _submitted = new(StringComparer.Ordinal);

    /// <summary>Every valid personal value handed out so far (the leak check's list).</summary>
    public IReadOnlyCollection<string> Submitted => _submitted;

    public string Name() => Remember(Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)] + Given[random.Next(Given.Length)]);

    /// <summary>An 18-character resident ID number (Beijing Xicheng, born 1950–1999) with a correct check character.</summary>
    public string IdNumber()
    {
        var birth = new DateOnly(1950, 1, 1).AddDays(random.Next(365 * 50));
        var first17 = "110102" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + random.Next(1, 990).ToString("000", CultureInfo.InvariantCulture);
        return Remember(first17 + RealName.Domain.Identities.IdNumber.ComputeCheckCharacter(first17));
    }

    /// <summary>A mainland mobile number; never one of the carrier sandbox's magic endings (0997–0999).</summary>
    public string Phone() => Remember("13" + random.Next(0, 10) + random.Next(10_000_000, 99_990_000).ToString(CultureInfo.InvariantCulture)[..7] + random.Next(10, 90).ToString(CultureInfo.InvariantCulture)[..1]);

    /// <summary>An ICBC card (BIN 622202) with a Luhn check digit, never the bank sandbox's 998/999.</summary>
    public string BankCard()
    {
        var body = "622202" + random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture) + random.Next(100, 997).ToString(CultureInfo.InvariantCulture);
        return Remember(body + Luhn(body));
    }

    private string Remember(string value)
    {
        _submitted.Add(value);
        return value;
    }

    private static char Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 0)
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }
}
