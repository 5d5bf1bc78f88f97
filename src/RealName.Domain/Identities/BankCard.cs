namespace RealName.Domain.Identities;

/// <summary>A bank card number: 12–19 digits (spaces allowed when typed) passing the Luhn check.</summary>
public readonly record struct BankCard
{
    private BankCard(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? input, out BankCard card)
    {
        card = default;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40)
            return false;
        var digits = new string(input.Where(c => c != ' ').ToArray());
        if (digits.Length is < 12 or > 19 || !digits.All(char.IsAsciiDigit) || !PassesLuhn(digits))
            return false;
        card = new BankCard(digits);
        return true;
    }

    /// <summary>The Luhn (mod 10) check every issued card number satisfies.</summary>
    public static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /// <summary>The Luhn check digit for a card number body (all digits but the last).</summary>
    public static char ComputeCheckDigit(ReadOnlySpan<char> body)
    {
        Span<char> candidate = stackalloc char[body.Length + 1];
        body.CopyTo(candidate);
        for (var c = '0'; c <= '9'; c++)
        {
            candidate[^1] = c;
            if (PassesLuhn(candidate))
                return c;
        }
        throw new InvalidOperationException("Unreachable: one Luhn digit always fits.");
    }

    /// <summary>Masked: the first six (the bank's BIN) and last four digits.</summary>
    public override string ToString() => Value is null ? Masking.FullMask : Masking.MaskBankCard(Value);
}
