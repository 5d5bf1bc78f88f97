using System.Text;

namespace RealName.Domain.Identities;

/// <summary>
/// Redacts personal data for logs, audit trails and API responses, so that operators can still correlate
/// records (a few leading/trailing characters) without ever seeing a full value.
/// </summary>
/// <remarks>
/// Every method is total: an input whose length does not match the expected shape is replaced by
/// <see cref="FullMask"/> rather than partially echoed, because an unexpected shape means we cannot know
/// which part is safe to show.
/// </remarks>
public static class Masking
{
    /// <summary>What any value of unexpected length is masked to; reveals neither content nor length.</summary>
    public const string FullMask = "***";

    private const int IdNumberPrefix = 3;
    private const int IdNumberSuffix = 4;
    private const int PhoneLength = 11;
    private const int PhonePrefix = 3;
    private const int PhoneSuffix = 4;
    private const int AccountPrefix = 5;

    /// <summary>
    /// Shows only the last character, behind a single <c>*</c> that hides how long the name is
    /// ("张三" → "*三", "欧阳娜娜" → "*娜"). Characters are counted as runes so a surrogate pair is never split.
    /// </summary>
    /// <param name="name">The name to mask; fewer than two characters yields <see cref="FullMask"/>.</param>
    public static string MaskName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (RuneCount(name) < 2)
        {
            return FullMask;
        }

        Rune.DecodeLastFromUtf16(name, out _, out var lastLength);
        return string.Concat("*", name.AsSpan(name.Length - lastLength));
    }

    /// <summary>
    /// Keeps the first 3 characters (province and city) and the last 4 (end of sequence and check character)
    /// of an 18-character ID number, hiding the birth date: "110105194912310021" → "110***********0021".
    /// </summary>
    /// <param name="id">The ID number to mask; any other length yields <see cref="FullMask"/>.</param>
    public static string MaskIdNumber(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != IdNumber.Length)
        {
            return FullMask;
        }

        return string.Concat(
            id.AsSpan(0, IdNumberPrefix),
            new string('*', IdNumber.Length - IdNumberPrefix - IdNumberSuffix),
            id.AsSpan(IdNumber.Length - IdNumberSuffix));
    }

    /// <summary>Keeps the bank's BIN (first 6) and the last 4 digits of a 12–19 digit card number: "6222021234567890123" → "622202*********0123".</summary>
    /// <param name="card">The card number to mask; any other shape yields <see cref="FullMask"/>.</param>
    public static string MaskBankCard(string card)
    {
        ArgumentNullException.ThrowIfNull(card);
        if (card.Length is < 12 or > 19 || card.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return FullMask;
        }

        return string.Concat(card.AsSpan(0, 6), new string('*', card.Length - 10), card.AsSpan(card.Length - 4));
    }

    /// <summary>
    /// Keeps the carrier prefix and last 4 digits of an 11-digit mainland mobile number: "13812345678" → "138****5678".
    /// </summary>
    /// <param name="phone">The phone number to mask; anything but 11 ASCII digits yields <see cref="FullMask"/>.</param>
    public static string MaskPhone(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        if (phone.Length != PhoneLength || phone.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return FullMask;
        }

        return string.Concat(
            phone.AsSpan(0, PhonePrefix),
            "****",
            phone.AsSpan(PhoneLength - PhoneSuffix));
    }

    /// <summary>
    /// Keeps enough of an account id to tell accounts apart in logs: the first 5 characters for longer ids
    /// ("acc_1001" → "acc_1***"), otherwise the first half (at least one character).
    /// Characters are counted as runes so a surrogate pair is never split.
    /// </summary>
    /// <param name="accountId">The account id to mask; fewer than two characters yields <see cref="FullMask"/>.</param>
    public static string MaskAccount(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var count = RuneCount(accountId);
        if (count < 2)
        {
            return FullMask;
        }

        var keep = count > AccountPrefix ? AccountPrefix : Math.Max(1, count / 2);
        return string.Concat(accountId.AsSpan(0, Utf16LengthOfFirstRunes(accountId, keep)), FullMask);
    }

    private static int RuneCount(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static int Utf16LengthOfFirstRunes(string value, int runes)
    {
        var length = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (runes-- == 0)
            {
                break;
            }

            length += rune.Utf16SequenceLength;
        }

        return length;
    }
}
