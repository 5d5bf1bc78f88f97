namespace RealName.Domain.Identities;

/// <summary>
/// The minimum age of a person who verifies (P1–P3, the E1 legal person, an appellant, and an
/// identity copied from the group directory by P4/P5): 18, full
/// civil capacity under the Civil Code (art. 17–18), since the account holder contracts for paid
/// cloud services. Age counts in full years from the day after the birthday (the courts' rule for
/// 周岁), so a person is of age from the day after the 18th birthday. The birth date is the ID number's.
/// </summary>
public static class AgeRule
{
    public const int MinimumAge = 18;

    public static bool IsOfAge(IdNumber idNumber, DateOnly today) => today > idNumber.BirthDate.AddYears(MinimumAge);

    /// <summary>
    /// Whether an ID number taken from elsewhere (the group directory's record) is a person's under
    /// <see cref="MinimumAge"/>; one that does not parse is not judged here.
    /// </summary>
    public static bool IsUnderAge(string idNumber, DateOnly today) => IdNumber.TryParse(idNumber, today, out var parsed) && !IsOfAge(parsed, today);
}
