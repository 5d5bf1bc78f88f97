using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Actors.Sessions;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Host.Http;

namespace RealName.Host.Sessions;

/// <summary>Format checks of the enterprise identity step (E1, E2); which fields a method takes is the session's rule.</summary>
public static class EnterpriseFields
{
    public const int MaxEnterpriseNameLength = 100;
    public const int MaxBankNameLength = 50;

    public static (SessionProtocol.ISessionMessage? Submit, ProblemHttpResult? Problem) Validate(string sessionId, IdentityRequest body, DateOnly today)
    {
        if (!SubjectTypes.TryParse(body.SubjectType, out var subjectType))
            return (null, Problems.Invalid("subjectType must be enterprise or individual_business."));
        var name = body.EnterpriseName?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxEnterpriseNameLength || name.Any(char.IsControl))
            return (null, Problems.Invalid($"enterpriseName is required (at most {MaxEnterpriseNameLength} characters)."));
        if (!CreditCode.TryParse(body.CreditCode, out var creditCode))
            return (null, Problems.For(ErrorCodes.InvalidCreditCode, "creditCode must be an 18-character unified social credit code with a valid check character."));
        if (body.Name is not null || body.IdNumber is not null || body.Phone is not null || body.BankCard is not null || body.GroupAccount is not null)
            return (null, Problems.Invalid("Enterprise details take no personal fields; the legal person goes in legalPersonName and legalPersonIdNumber."));

        Sensitive? account = null;
        var (legalName, nameProblem) = IdentityFields.Name(body.LegalPersonName, "legalPersonName");
        if (nameProblem is not null)
            return (null, nameProblem);
        var (legalId, idProblem) = IdentityFields.Id(body.LegalPersonIdNumber, "legalPersonIdNumber", today);
        if (idProblem is not null)
            return (null, idProblem);
        var bankName = body.BankName?.Trim();
        if (bankName is not null && (bankName.Length is 0 or > MaxBankNameLength || bankName.Any(char.IsControl)))
            return (null, Problems.Invalid($"bankName must be 1–{MaxBankNameLength} characters."));
        if (body.AccountNumber is not null)
        {
            var digits = new string(body.AccountNumber.Where(c => c != ' ').ToArray());
            if (digits.Length is < 8 or > 32 || !digits.All(char.IsAsciiDigit))
                return (null, Problems.Invalid("accountNumber must be 8–32 digits."));
            account = new Sensitive(digits);
        }
        return (new SessionProtocol.SubmitEnterprise(sessionId, subjectType, name, creditCode.Value, legalName, legalId, bankName, account), null);
    }
}
