using RealName.Domain.Security;

namespace RealName.Domain.Sessions;

/// <summary>The seed's two enterprise subject types: limited companies and individual businesses.</summary>
public enum SubjectType
{
    Enterprise,
    IndividualBusiness,
}

public static class SubjectTypes
{
    public static string WireName(this SubjectType type) => type == SubjectType.Enterprise ? "enterprise" : "individual_business";

    public static bool TryParse(string? name, out SubjectType type)
    {
        type = name == "individual_business" ? SubjectType.IndividualBusiness : SubjectType.Enterprise;
        return name is "enterprise" or "individual_business";
    }
}

/// <summary>
/// What an enterprise session verifies (E1, E2). <see cref="CreditKey"/> is the registry's HMAC of
/// the credit code. E1 carries the legal person; E2 the corporate account.
/// </summary>
public sealed record EnterpriseDetails(
    SubjectType SubjectType,
    string EnterpriseName,
    string CreditCode,
    string CreditKey,
    Sensitive? LegalPersonName = null,
    Sensitive? LegalPersonIdNumber = null,
    string? BankName = null,
    Sensitive? AccountNumber = null)
{
    /// <summary>The registry's key of a (normalized) credit code.</summary>
    public static string CreditKeyOf(ReadOnlySpan<byte> idKeySecret, string creditCode) => IdKeys.Compute(idKeySecret, "uscc:" + creditCode);

    /// <summary>The same details, every personal value under <paramref name="subject"/>'s data key.</summary>
    public EnterpriseDetails OwnedBy(string subject) => this with
    {
        LegalPersonName = LegalPersonName.OwnedBy(subject),
        LegalPersonIdNumber = LegalPersonIdNumber.OwnedBy(subject),
        AccountNumber = AccountNumber.OwnedBy(subject),
    };

    /// <summary>The details after the account's erasure: the enterprise (public record) stays, the people go.</summary>
    public EnterpriseDetails WithoutPersonalData() => this with
    {
        LegalPersonName = LegalPersonName.Erase(),
        LegalPersonIdNumber = LegalPersonIdNumber.Erase(),
        AccountNumber = AccountNumber.Erase(),
    };
}
