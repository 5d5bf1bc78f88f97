namespace RealName.Domain.Identities;

/// <summary>
/// A mainland mobile number: <c>1[3-9]</c> and nine more digits, after stripping spaces, dashes
/// and a <c>+86</c> / <c>0086</c> / <c>86</c> country prefix.
/// </summary>
public readonly record struct PhoneNumber
{
    private PhoneNumber(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? input, out PhoneNumber phone)
    {
        phone = default;
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
            return false;
        var digits = new string(input.Where(c => c is not (' ' or '-')).ToArray());
        if (digits.StartsWith("+86", StringComparison.Ordinal))
            digits = digits[3..];
        else if (digits.StartsWith("0086", StringComparison.Ordinal))
            digits = digits[4..];
        else if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal))
            digits = digits[2..];
        if (digits.Length != 11 || digits[0] != '1' || digits[1] is < '3' or > '9' || !digits.All(char.IsAsciiDigit))
            return false;
        phone = new PhoneNumber(digits);
        return true;
    }

    public override string ToString() => Value is null ? Masking.FullMask : Masking.MaskPhone(Value);
}
