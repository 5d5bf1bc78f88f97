using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Actors.Sessions;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Host.Http;

namespace RealName.Host.Sessions;

/// <summary>
/// Format checks of the identity step's fields, each where present (which fields a method takes
/// is the session's rule). Refusals name the field, never its value.
/// </summary>
public static class IdentityFields
{
    public const int MaxGroupAccountLength = 64;

    /// <summary>An optional name field (<paramref name="field"/> names it in the refusal): absent, parsed, or refused.</summary>
    public static (Sensitive? Value, ProblemHttpResult? Problem) Name(string? input, string field) =>
        input is null ? (null, null)
        : PersonName.TryParse(input, out var parsed) ? (new Sensitive(parsed.Value), null)
        : (null, Problems.For(ErrorCodes.InvalidName, $"{field} must be 2–30 Chinese characters, with '·' only between parts."));

    /// <summary>An optional ID number field: absent, parsed (normalized), or refused — also when its holder is under <see cref="AgeRule.MinimumAge"/>.</summary>
    public static (Sensitive? Value, ProblemHttpResult? Problem) Id(string? input, string field, DateOnly today) =>
        input is null ? (null, null)
        : !IdNumber.TryParse(input, today, out var parsed)
            ? (null, Problems.For(ErrorCodes.InvalidIdNumber, $"{field} must be an 18-character resident ID number with a valid region, birth date and check character."))
        : !AgeRule.IsOfAge(parsed, today)
            ? (null, Problems.For(ErrorCodes.BelowMinimumAge, $"{field} belongs to a person under {AgeRule.MinimumAge}; verification needs full civil capacity (from the day after the 18th birthday)."))
        : (new Sensitive(parsed.Value), null);

    public static (SessionProtocol.SubmitIdentity? Submit, ProblemHttpResult? Problem) Validate(string sessionId, IdentityRequest body, DateOnly today, SupportedBanks banks)
    {
        Sensitive? phone = null, bankCard = null, groupAccount = null;
        var (name, nameProblem) = Name(body.Name, "name");
        if (nameProblem is not null)
            return (null, nameProblem);
        var (idNumber, idProblem) = Id(body.IdNumber, "idNumber", today);
        if (idProblem is not null)
            return (null, idProblem);
        if (body.Phone is not null)
        {
            if (!PhoneNumber.TryParse(body.Phone, out var parsed))
                return (null, Problems.For(ErrorCodes.InvalidPhone, "phone must be a mainland mobile number (1[3-9] and 9 digits, +86 allowed)."));
            phone = new Sensitive(parsed.Value);
        }
        if (body.BankCard is not null)
        {
            if (!BankCard.TryParse(body.BankCard, out var parsed))
                return (null, Problems.For(ErrorCodes.InvalidBankCard, "bankCard must be 12–19 digits with a valid check digit."));
            if (banks.BankOf(parsed.Value) is null)
                return (null, Problems.For(ErrorCodes.UnsupportedBank, "Cards of this bank are not supported; see GET /v1/banks."));
            bankCard = new Sensitive(parsed.Value);
        }
        if (body.GroupAccount is not null)
        {
            var trimmed = body.GroupAccount.Trim();
            if (trimmed.Length is 0 or > MaxGroupAccountLength || trimmed.Any(char.IsControl))
                return (null, Problems.Invalid($"groupAccount must be 1–{MaxGroupAccountLength} characters."));
            groupAccount = new Sensitive(trimmed);
        }
        if (name is null && idNumber is null && phone is null && bankCard is null && groupAccount is null)
            return (null, Problems.Invalid("The body names no identity details."));
        return (new SessionProtocol.SubmitIdentity(sessionId, name, idNumber, phone, bankCard, groupAccount), null);
    }
}
