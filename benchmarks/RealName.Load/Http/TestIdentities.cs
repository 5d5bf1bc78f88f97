using System.Globalization;
using RealName.Domain.Identities;

namespace RealName.Load.Http;

/// <summary>
/// Fresh accounts and valid, distinct ID numbers for one run. One ID verifies one account, so a
/// verification that reused a number would be refused; the run starts at a random offset so that
/// runs against the same node rarely collide (a collision shows as <c>409 id_already_verified</c>).
/// </summary>
public sealed class TestIdentities
{
    private const int Days = 25_000;      // birth dates from 1930 on, all in the past
    private const int Sequences = 998;    // 000–997: 998 and 999 are the sandbox's failure values
    private static readonly DateOnly FirstBirthDate = new(1930, 1, 1);

    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private long _next = Random.Shared.NextInt64((long)Days * Sequences);
    private long _accounts;

    /// <summary>An account id no other run uses.</summary>
    public string NextAccount() => $"acc_ld{_run}_{Interlocked.Increment(ref _accounts)}";

    /// <summary>The next valid ID number of the run (region 110105), never one of the sandbox's failure values.</summary>
    public string NextIdNumber() => IdNumberAt(Interlocked.Increment(ref _next));

    public static string IdNumberAt(long n)
    {
        var k = n % ((long)Days * Sequences);
        var birth = FirstBirthDate.AddDays((int)(k / Sequences));
        var body = string.Create(CultureInfo.InvariantCulture, $"110105{birth:yyyyMMdd}{k % Sequences:D3}");
        return body + IdNumber.ComputeCheckCharacter(body);
    }
}
