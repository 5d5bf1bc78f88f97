using System.Text;

namespace RealName.Domain.Identities;

/// <summary>
/// A person's name as registered on a mainland resident ID card: CJK ideographs, optionally joined by a
/// middle dot for transliterated (e.g. Uyghur) names. Validated locally so that obviously wrong input is
/// rejected before a paid upstream verification call.
/// </summary>
/// <remarks>
/// Length is counted in Unicode scalar values (runes), not UTF-16 code units, so a rare character from
/// CJK Extension B+ (encoded as a surrogate pair) counts as one character, as it does on the ID card.
/// <see cref="ToString"/> is masked on purpose: the name is personal data and must not reach logs by accident.
/// </remarks>
public readonly record struct PersonName
{
    /// <summary>Shortest accepted name in characters; single-character names do not occur on ID cards.</summary>
    public const int MinLength = 2;

    /// <summary>Longest accepted name in characters; leaves room for long transliterated names.</summary>
    public const int MaxLength = 30;

    /// <summary>The canonical middle dot (U+00B7) that look-alike separators are normalized to.</summary>
    public const char MiddleDot = '\u00B7';

    private readonly string? _value;

    private PersonName(string value) => _value = value;

    /// <summary>
    /// The normalized name (separators replaced by <see cref="MiddleDot"/>), as the upstream registry expects it.
    /// Empty for <c>default(PersonName)</c>, which never came out of <see cref="TryParse"/>.
    /// </summary>
    public string Value => _value ?? string.Empty;

    /// <summary>
    /// Parses and validates a name, normalizing the katakana middle dot (U+30FB) and bullet (U+2022) that
    /// input methods commonly produce to U+00B7, so the same person always yields the same value.
    /// </summary>
    /// <param name="input">User input; surrounding whitespace is ignored.</param>
    /// <param name="name">The validated name when the method returns <see langword="true"/>; otherwise <c>default</c>.</param>
    /// <returns><see langword="true"/> when the input is 2–30 ideographs with well-placed middle dots.</returns>
    public static bool TryParse(string? input, out PersonName name)
    {
        name = default;
        if (input is null)
        {
            return false;
        }

        var trimmed = input.AsSpan().Trim();
        var builder = new StringBuilder(trimmed.Length);
        var count = 0;
        var previousWasDot = false;
        foreach (var rune in trimmed.EnumerateRunes())
        {
            count++;
            if (count > MaxLength)
            {
                return false;
            }

            if (IsDot(rune))
            {
                if (count == 1 || previousWasDot)
                {
                    return false;
                }

                builder.Append(MiddleDot);
                previousWasDot = true;
            }
            else if (IsIdeograph(rune))
            {
                builder.Append(rune.ToString());
                previousWasDot = false;
            }
            else
            {
                return false;
            }
        }

        if (count < MinLength || previousWasDot)
        {
            return false;
        }

        name = new PersonName(builder.ToString());
        return true;
    }

    /// <summary>Returns the masked name (see <see cref="Masking.MaskName"/>) so the raw value can never leak into logs.</summary>
    public override string ToString() => Masking.MaskName(Value);

    private static bool IsDot(Rune rune) => rune.Value is MiddleDot or '\u30FB' or '\u2022';

    private static bool IsIdeograph(Rune rune) => rune.Value is
        (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x20000 and <= 0x2EBEF);
}
