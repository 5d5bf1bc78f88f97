using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RealName.Actors.Identities;
using RealName.Actors.Providers;
using RealName.Contracts;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
using RealName.Host.Contract;
using RealName.Host.Http;
using RealName.Host.Sessions;

namespace RealName.Host.Accounts;

/// <summary>The account's verification record (Q1), masked, answered by the registry.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/accounts/{accountId}/verification", GetVerification).AddSingletonFilter<ApiKeyFilter>().RequireScope(ApiScopes.Read).WithTags("Accounts")
            .Operation("getAccountVerification", "An account's verification record",
                "Level, method, time and masked identity; a revoked account shows why and which appeal moved its identity. An unverified account also tells (groupSync) whether the group directory holds a verified linked account for one-click sync; with subject=enterprise, whether the enterprise directory links the account (unverified, or verified personally) to a verified enterprise (enterprise_sync).")
            .Produces<AccountVerificationDto>(StatusCodes.Status200OK).Fails(400, 503);
        return app;
    }

    public static async Task<Results<Ok<AccountVerificationDto>, ProblemHttpResult>> GetVerification(string accountId, [FromQuery] string? subject, IRequiredActor<IdentityRegistryMarker> registry,
        IGroupDirectory directory, IEnterpriseDirectory enterprises, CancellationToken ct)
    {
        if (!AccountId.TryParse(accountId, out var id))
            return Problems.Invalid("accountId is not a valid account id.");
        if (subject is not (null or "personal" or "enterprise"))
            return Problems.Invalid("subject must be personal or enterprise.");
        RegistryProtocol.AccountAnswer answer;
        try
        {
            answer = await registry.ActorRef.Ask<RegistryProtocol.AccountAnswer>(new RegistryProtocol.GetAccount(id.Value), TimeSpan.FromSeconds(10), ct);
        }
        catch (AskTimeoutException)
        {
            return SessionGateway.Unavailable();
        }
        var record = ToDto(id, answer);
        if (subject == "enterprise")
        {
            // The enterprise one-click sync also upgrades a personally verified account (U1).
            if (record.Status == "unverified" || record is { Status: "verified", Level: "personal" })
                record = record with { GroupSync = await GroupSyncOffer.DetectEnterpriseAsync(id, enterprises, ct) };
        }
        else if (record.Status == "unverified")
            record = record with { GroupSync = await GroupSyncOffer.DetectAsync(id, directory, ct) };
        return TypedResults.Ok(record);
    }

    /// <summary>
    /// Q1: level, method, time and masked identity; a revoked account shows why and which appeal
    /// moved its identity. An enterprise (U1) raises the level and keeps the personal identity beside it.
    /// </summary>
    internal static AccountVerificationDto ToDto(AccountId id, RegistryProtocol.AccountAnswer answer)
    {
        var personal = Personal(id, answer);
        if (answer.Enterprise is not { } e)
            return personal;
        var enterprise = new EnterpriseDto(e.SubjectType.WireName(), e.EnterpriseName, CreditCode.Mask(e.CreditCode),
            e.LegalPersonName.Readable() is { } n ? Masking.MaskName(n) : null);
        return personal with { Status = "verified", Level = "enterprise", Method = e.Method.WireName(), VerifiedAt = e.VerifiedAt, Enterprise = enterprise };
    }

    private static AccountVerificationDto Personal(AccountId id, RegistryProtocol.AccountAnswer answer) => answer switch
    {
        { Identity: { } identity } => new AccountVerificationDto(id.Value, "verified", "personal",
            identity.AppealId is null ? identity.Method.WireName() : "appeal", identity.VerifiedAt, Masked(identity), null,
            PersonalDataErased: Erased(identity)),
        { Revoked: { } revoked } => new AccountVerificationDto(id.Value, "revoked", "personal", revoked.Previous.Method.WireName(), revoked.Previous.VerifiedAt,
            Masked(revoked.Previous), null, new RevocationDto(revoked.Reason, revoked.AppealId, revoked.At), Erased(revoked.Previous)),
        _ => new AccountVerificationDto(id.Value, "unverified", null, null, null, null, null),
    };

    /// <summary>Null after the account's erasure: the claim still verifies the account, but nothing personal is left to show.</summary>
    private static MaskedIdentity? Masked(AccountIdentity identity) =>
        identity.MaskedName is null ? null : new MaskedIdentity(identity.MaskedName, identity.MaskedIdNumber);

    private static bool? Erased(AccountIdentity identity) => identity.MaskedName is null ? true : null;
}
