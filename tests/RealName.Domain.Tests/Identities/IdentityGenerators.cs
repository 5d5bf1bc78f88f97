using FsCheck;
using FsCheck.Fluent;
using RealName.Domain.Identities;

namespace RealName.Domain.Tests.Identities;

/// <summary>FsCheck generators shared by the identity specs, so every spec builds test data the same way.</summary>
internal static class IdentityGenerators
{
    /// <summary>A fixed "today" so date rules are deterministic regardless of when the suite runs.</summary>
    public static readonly DateOnly Today = new(2026, 11, 23);

    private static readonly int[] ProvinceCodes =
        [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
         50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 91];

    /// <summary>Appends the MOD 11-2 check character, turning a 17-digit body into a full number.</summary>
    public static string WithCheck(string body) => body + IdNumber.ComputeCheckCharacter(body);

    /// <summary>Dates in the inclusive range, uniformly by day.</summary>
    public static Gen<DateOnly> DatesBetween(DateOnly from, DateOnly to) =>
        Gen.Choose(0, to.DayNumber - from.DayNumber).Select(from.AddDays);

    /// <summary>17-digit bodies with a valid province code and the given birth dates.</summary>
    public static Gen<string> Bodies(Gen<DateOnly> birthDates) =>
        from province in Gen.Elements(ProvinceCodes)
        from region in Gen.Choose(0, 9999)
        from birthDate in birthDates
        from sequence in Gen.Choose(0, 999)
        select $"{province:00}{region:0000}{birthDate:yyyyMMdd}{sequence:000}";

    /// <summary>Fully valid ID numbers born between 1900-01-01 and <see cref="Today"/>.</summary>
    public static Gen<string> ValidIdNumbers { get; } =
        Bodies(DatesBetween(new DateOnly(1900, 1, 1), Today)).Select(WithCheck);

    /// <summary>Single ideographs from every accepted CJK block, including surrogate-pair ones.</summary>
    public static Gen<string> Ideographs { get; } =
        Gen.OneOf(
                Gen.Choose(0x4E00, 0x9FFF),
                Gen.Choose(0x3400, 0x4DBF),
                Gen.Choose(0x20000, 0x2EBEF))
            .Select(char.ConvertFromUtf32);

    /// <summary>Strings of the given number of elements drawn from <paramref name="element"/>.</summary>
    public static Gen<string> StringsOf(Gen<string> element, Gen<int> lengths) =>
        from length in lengths
        from parts in Gen.ArrayOf(element, length)
        select string.Concat(parts);
}
