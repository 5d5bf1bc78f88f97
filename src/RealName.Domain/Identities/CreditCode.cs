namespace RealName.Domain.Identities;

/// <summary>
/// A unified social credit code (GB 32100-2015): 18 characters of
/// <c>0123456789ABCDEFGHJKLMNPQRTUWXY</c>, the last a check character over the first 17 with
/// weights 3^(i−1) mod 31 and value 31 − (Σ mod 31), 31 meaning 0. Lower case is normalized.
/// Only these 18-character codes are accepted (the seed: pre-2018 licences are void).
/// </summary>
public readonly record struct CreditCode
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    public const int Length = 18;

    private static readonly int[] Weights = Enumerable.Range(0, Length - 1).Select(i => (int)(BigPow(3, i) % 31)).ToArray();

    private CreditCode(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? input, out CreditCode code)
    {
        code = default;
        var normalized = input?.Trim().ToUpperInvariant();
        if (normalized is not { Length: Length } || normalized.Any(c => Alphabet.IndexOf(c) < 0))
            return false;
        if (ComputeCheckCharacter(normalized.AsSpan(0, Length - 1)) != normalized[^1])
            return false;
        code = new CreditCode(normalized);
        return true;
    }

    /// <summary>The check character for the first 17 characters (all from <see cref="Alphabet"/>).</summary>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
            throw new ArgumentException("Exactly 17 characters are needed.", nameof(first17));
        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0)
                throw new ArgumentException("A character outside the credit code alphabet.", nameof(first17));
            sum += value * Weights[i];
        }
        var check = 31 - sum % 31;
        return Alphabet[check == 31 ? 0 : check];
    }

    /// <summary>Masked: the first 6 (registration authority and region) and last 4 characters.</summary>
    public override string ToString() => Value is null ? Masking.FullMask : Mask(Value);

    public static string Mask(string code) => code.Length == Length ? string.Concat(code.AsSpan(0, 6), "********", code.AsSpan(14)) : Masking.FullMask;

    private static long BigPow(long b, int e)
    {
        long r = 1;
        for (var i = 0; i < e; i++)
            r = r * b % 31;
        return r;
    }
}
