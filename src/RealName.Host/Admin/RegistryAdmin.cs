using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Actors.Identities;
using RealName.Actors.Security;
using RealName.Contracts;
using RealName.Contracts.Admin;
using RealName.Domain.Identities;
using RealName.Domain.Security;
using RealName.Domain.Sessions;
using RealName.Host.Http;

namespace RealName.Host.Admin;

/// <summary>
/// <c>registry lookup</c> and <c>registry stats</c>, answered by the registry singleton. An ID
/// number is looked up by its HMAC key, exactly as sessions claim it, and travels in the body
/// (a URL would land in access logs); the owner comes back masked.
/// </summary>
public static class RegistryAdmin
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>An account id no real account can have (it fails <see cref="AccountId.TryParse"/>): a check for it only reports the ID's owner.</summary>
    private const string NoAccount = "";

    public static RouteGroupBuilder MapRegistryAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/registry/lookup", Lookup);
        admin.MapGet("/registry/stats", Stats);
        return admin;
    }

    public static async Task<Results<Ok<RegistryLookupDto>, ProblemHttpResult>> Lookup(HttpRequest request, IRequiredActor<IdentityRegistryMarker> registry, RealNameSecrets secrets, TimeProvider clock)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, ContractJsonContext.Default.RegistryLookupRequest);
        if (problem is not null)
            return problem;
        var ct = request.HttpContext.RequestAborted;
        try
        {
            switch (body!)
            {
                case { IdNumber: { } raw, Account: null }:
                    if (!IdNumber.TryParse(raw, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), out var idNumber))
                        return Problems.For(ErrorCodes.InvalidIdNumber, "idNumber must be an 18-character resident ID number with a valid region, birth date and check character.");
                    var verdict = await registry.ActorRef.Ask<RegistryProtocol.Verdict>(
                        new RegistryProtocol.Check(IdKeys.Compute(secrets.IdKeySecret, idNumber.Value), NoAccount), AskTimeout, ct);
                    if (verdict.Owner is not { } owner)
                        return TypedResults.Ok(new RegistryLookupDto(RegistryLookupDto.ByIdNumber, false, null, null, null, null, null));
                    return TypedResults.Ok(await Describe(RegistryLookupDto.ByIdNumber, owner, registry, ct));
                case { Account: { } account, IdNumber: null }:
                    if (!AccountId.TryParse(account, out var accountId))
                        return AdminProblems.Invalid("account is not a valid account id.");
                    return TypedResults.Ok(await Describe(RegistryLookupDto.ByAccount, accountId.Value, registry, ct));
                default:
                    return AdminProblems.Invalid("Give exactly one of idNumber and account.");
            }
        }
        catch (AskTimeoutException)
        {
            return AdminProblems.NoAnswer("The identity registry");
        }
    }

    public static async Task<Results<Ok<RegistryStatsDto>, ProblemHttpResult>> Stats(IRequiredActor<IdentityRegistryMarker> registry, CancellationToken ct)
    {
        try
        {
            var stats = await registry.ActorRef.Ask<RegistryProtocol.Stats>(RegistryProtocol.GetStats.Instance, AskTimeout, ct);
            return TypedResults.Ok(new RegistryStatsDto(stats.VerifiedAccounts, stats.IdKeys, stats.RevokedAccounts, stats.SequenceNr));
        }
        catch (AskTimeoutException)
        {
            return AdminProblems.NoAnswer("The identity registry");
        }
    }

    private static async Task<RegistryLookupDto> Describe(string by, string accountId, IRequiredActor<IdentityRegistryMarker> registry, CancellationToken ct)
    {
        var answer = await registry.ActorRef.Ask<RegistryProtocol.AccountAnswer>(new RegistryProtocol.GetAccount(accountId), AskTimeout, ct);
        var owner = Masking.MaskAccount(accountId);
        return answer.Identity is not { } identity
            ? new RegistryLookupDto(by, false, owner, null, null, null, null)
            : new RegistryLookupDto(
                by,
                true,
                owner,
                identity.Method.WireName(),
                identity.VerifiedAt,
                identity.MaskedName is null ? null : new MaskedIdentity(identity.MaskedName, identity.MaskedIdNumber),
                identity.SessionId.Value);
    }
}
