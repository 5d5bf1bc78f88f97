using Akka.Actor;
using Akka.Hosting;
using RealName.Actors.Identities;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;
using RealName.Host.Http;
using RealName.Host.Sessions;

namespace RealName.Host.Accounts;

/// <summary>The account's verification record (Q1), masked, answered by the registry.</summary>
public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/accounts/{accountId}/verification", GetVerification).AddEndpointFilter<ApiKeyFilter>().WithTags("Accounts");
        return app;
    }

    public static async Task<IResult> GetVerification(string accountId, IRequiredActor<IdentityRegistry> registry, CancellationToken ct)
    {
        if (!AccountId.TryParse(accountId, out var id))
            return Problems.Invalid("accountId is not a valid account id.");
        RegistryProtocol.AccountAnswer answer;
        try
        {
            answer = await registry.ActorRef.Ask<RegistryProtocol.AccountAnswer>(new RegistryProtocol.GetAccount(id.Value), TimeSpan.FromSeconds(10), ct);
        }
        catch (AskTimeoutException)
        {
            return SessionGateway.Unavailable();
        }
        return TypedResults.Ok(answer.Identity is { } identity
            ? new AccountVerificationDto(id.Value, "verified", "personal", identity.Method.WireName(), identity.VerifiedAt,
                new MaskedIdentity(Masking.MaskName(identity.Name.Value), Masking.MaskIdNumber(identity.IdNumber.Value)), null)
            : new AccountVerificationDto(id.Value, "unverified", null, null, null, null, null));
    }
}
