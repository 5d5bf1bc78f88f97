namespace RealName.Domain.Identities;

/// <summary>
/// An 18-character mainland resident identity number (GB 11643-1999) that has passed every offline check,
/// so downstream code never has to re-validate it before spending money on an upstream verification call.
/// </summary>
/// <remarks>
/// Layout: 6-digit administrative region code, 8-digit birth date (YYYYMMDD), 3-digit sequence
/// (odd for men, even for women), and an ISO 7064 MOD 11-2 check character.
/// <see cref="ToString"/> is masked on purpose: the number is personal data and must not reach logs by accident.
/// </remarks>
public readonly record struct IdNumber
{
    /// <summary>Number of characters in a second-generation resident ID number.</summary>
    public const int Length = 18;

    /// <summary>Number of leading digits covered by the check character.</summary>
    public const int BodyLength = 17;

    private const int MinimumBirthYear = 1900;
    private const string CheckCharacters = "10X98765432";

    private static ReadOnlySpan<byte> Weights => [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private readonly string? _value;

    private IdNumber(string value, DateOnly birthDate)
    {
        _value = value;
        BirthDate = birthDate;
    }

    /// <summary>
    /// The normalized number (check character upper-cased), as the upstream registry expects it.
    /// Empty for <c>default(IdNumber)</c>, which never came out of <see cref="TryParse"/>.
    /// </summary>
    public string Value => _value ?? string.Empty;

    /// <summary>
    /// Positions 15–17 (1-based): the order code assigned within a region and birth date; exposed because its
    /// parity encodes the registered sex without callers having to know the layout.
    /// </summary>
    public string SequenceDigits => Value.Length == Length ? Value.Substring(14, 3) : string.Empty;

    /// <summary>The birth date embedded in positions 7–14, already checked to be a real date that is not in the future.</summary>
    public DateOnly BirthDate { get; }

    /// <summary>
    /// Parses and fully validates a resident ID number, so that malformed or mistyped numbers are rejected locally.
    /// </summary>
    /// <param name="input">User input; surrounding whitespace is ignored and a lower-case check <c>x</c> is accepted.</param>
    /// <param name="today">The current date, injected so the "birth date not in the future" rule is testable and clock-independent.</param>
    /// <param name="idNumber">The validated number when the method returns <see langword="true"/>; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> when the input is a structurally valid ID number.</returns>
    public static bool TryParse(string? input, DateOnly today, out IdNumber idNumber)
    {
        idNumber = default;
        if (input is null)
        {
            return false;
        }

        var span = input.AsSpan().Trim();
        if (span.Length != Length)
        {
            return false;
        }

        var body = span[..BodyLength];
        if (!IsAsciiDigits(body) || !IsProvinceCode(ReadNumber(body[..2])))
        {
            return false;
        }

        var check = char.ToUpperInvariant(span[BodyLength]);
        if (check != ComputeCheckCharacter(body)
            || !TryReadBirthDate(body.Slice(6, 8), out var birthDate)
            || birthDate > today)
        {
            return false;
        }

        idNumber = new IdNumber($"{body}{check}", birthDate);
        return true;
    }

    /// <summary>
    /// Computes the ISO 7064 MOD 11-2 check character for the first 17 digits; public so tests and
    /// data generators can build valid numbers without duplicating the algorithm.
    /// </summary>
    /// <param name="first17">Exactly 17 ASCII digits.</param>
    /// <returns>A digit <c>'0'</c>–<c>'9'</c> or <c>'X'</c> (which stands for 10).</returns>
    /// <exception cref="ArgumentException">The span is not exactly 17 ASCII digits.</exception>
    public static char ComputeCheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != BodyLength || !IsAsciiDigits(first17))
        {
            throw new ArgumentException($"Expected exactly {BodyLength} ASCII digits.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < BodyLength; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }

        return CheckCharacters[sum % 11];
    }

    /// <summary>Returns the masked number (see <see cref="Masking.MaskIdNumber"/>) so the raw value can never leak into logs.</summary>
    public override string ToString() => Masking.MaskIdNumber(Value);

    private static bool IsAsciiDigits(ReadOnlySpan<char> span) => !span.ContainsAnyExceptInRange('0', '9');

    private static int ReadNumber(ReadOnlySpan<char> digits)
    {
        var number = 0;
        foreach (var digit in digits)
        {
            number = (number * 10) + (digit - '0');
        }

        return number;
    }

    private static bool IsProvinceCode(int code) => code is
        (>= 11 and <= 15) or (>= 21 and <= 23) or (>= 31 and <= 37) or (>= 41 and <= 46)
        or (>= 50 and <= 54) or (>= 61 and <= 65) or 71 or 81 or 82 or 91;

    private static bool TryReadBirthDate(ReadOnlySpan<char> yyyymmdd, out DateOnly birthDate)
    {
        birthDate = default;
        var year = ReadNumber(yyyymmdd[..4]);
        var month = ReadNumber(yyyymmdd.Slice(4, 2));
        var day = ReadNumber(yyyymmdd.Slice(6, 2));
        if (year < MinimumBirthYear || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        birthDate = new DateOnly(year, month, day);
        return true;
    }
}
