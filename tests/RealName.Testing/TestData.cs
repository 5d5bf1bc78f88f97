using RealName.Domain.Identities;

namespace RealName.Testing;

/// <summary>Distinct, valid test ID numbers and account ids, so tests sharing a node never collide.</summary>
public static class TestData
{
    /// <summary>The published GB 11643 example number.</summary>
    public const string PublishedIdNumber = "11010519491231002X";

    public const string Name = "张三";
    public const string MaskedName = "*三";

    private static int _counter;

    /// <summary>A valid ID number (region 110105) with a unique birth date and an ordinary sequence.</summary>
    public static string IdNumber() => IdNumber(sequence: null);

    /// <summary>An ID number whose sequence digits (positions 15–17) are <c>999</c>: the sandbox's name/ID mismatch.</summary>
    public static string MismatchIdNumber() => IdNumber("999");

    /// <summary>An ID number whose sequence digits are <c>998</c>: the sandbox's unavailable authority.</summary>
    public static string UnavailableIdNumber() => IdNumber("998");

    public static string IdNumber(string? sequence)
    {
        var n = Interlocked.Increment(ref _counter);
        // Birth dates 1950–1999 (every holder of age); the sequence digits take over past 18,000 numbers.
        var birth = new DateOnly(1950, 1, 1).AddDays(n % 18_000);
        var seq = sequence ?? (100 + (n / 18_000 + n) % 800).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
        return WithCheck($"110105{birth:yyyyMMdd}{seq}");
    }

    /// <summary>Appends the ISO 7064 MOD 11-2 check character to 17 digits.</summary>
    public static string WithCheck(string first17) => first17 + RealName.Domain.Identities.IdNumber.ComputeCheckCharacter(first17);

    /// <summary>The same number with a wrong check character.</summary>
    public static string WithWrongCheck(string valid)
    {
        var wrong = valid[17] == '0' ? '1' : '0';
        return valid[..17] + wrong;
    }

    public static string Masked(string idNumber) => Masking.MaskIdNumber(idNumber);

    /// <summary>A unique account id longer than five characters, so its masked form hides the rest.</summary>
    public static string Account(string prefix) => $"acc_{prefix}_{Interlocked.Increment(ref _counter)}_{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>A unique mainland mobile number; <paramref name="last4"/> picks a sandbox carrier answer (0999 mismatch, 0998 down, 0997 risk).</summary>
    public static string Phone(string? last4 = null)
    {
        var n = Interlocked.Increment(ref _counter);
        return $"139{n % 10000:D4}{last4 ?? (1000 + n % 8000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>A supported (ICBC, BIN 622202) card with a valid Luhn digit; <paramref name="beforeCheck"/> picks a sandbox bank answer (999 mismatch, 998 down).</summary>
    public static string BankCard(string? beforeCheck = null, string bin = "622202")
    {
        var n = Interlocked.Increment(ref _counter);
        var body = $"{bin}{n % 1000000:D6}{beforeCheck ?? "123"}";
        return body + RealName.Domain.Identities.BankCard.ComputeCheckDigit(body);
    }

    /// <summary>A unique, valid unified social credit code (GB 32100-2015).</summary>
    public static string CreditCode()
    {
        var n = Interlocked.Increment(ref _counter);
        const string alphabet = RealName.Domain.Identities.CreditCode.Alphabet;
        var body = "91110000" + string.Concat(Enumerable.Range(0, 9).Select(i => alphabet[(n / (int)Math.Pow(7, i) + i * 3) % alphabet.Length]));
        return body + RealName.Domain.Identities.CreditCode.ComputeCheckCharacter(body);
    }
}
