using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RealName.Actors.Appeals;
using RealName.Actors.Erasure;
using RealName.Actors.Identities;
using RealName.Actors.Security;
using RealName.Contracts.Accounts;
using RealName.Domain.Sessions;
using RealName.Host.Admin;
using RealName.Host.Configuration;
using RealName.Host.Contract;
using RealName.Host.Http;
using RealName.Host.Projections.ReadModel;
using RealName.Persistence;
using RealName.Persistence.Sqlite;

namespace RealName.Host.Accounts;

/// <summary>
/// PIPL erasure of an account's personal data (admin listener, admin token):
/// <c>DELETE /v1/accounts/{accountId}/verification</c>.
/// </summary>
/// <remarks>
/// Destroys the keys, broadcasts the erasure, then erases the registry's readable values (the claim stays)
/// and the appeals; every step is idempotent, so after a 503 asking again finishes the job
/// (see docs/adr/0005-personal-data-encryption-and-erasure.md).
/// </remarks>
public static class AccountErasureApi
{
    public const string Path = "/v1/accounts/{accountId}/verification";
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapAccountErasure(this IEndpointRouteBuilder app)
    {
        app.MapDelete(Path, Erase).AddSingletonFilter<AdminTokenFilter>().WithTags("Admin").WithGroupName(Contract.OpenApiDocuments.AdminGroup)
            .Operation("eraseAccount", "Erase an account's personal data (PIPL)", "Admin listener only. Crypto-shreds the account's data keys; idempotent: after a 503, ask again.");
        return app;
    }

    /// <summary>True for the erasure request, which the admin listener serves beside <c>/admin</c>.</summary>
    public static bool IsErasure(HttpRequest request) =>
        HttpMethods.IsDelete(request.Method) && request.Path.StartsWithSegments("/v1/accounts", out var rest)
        && rest.Value is { } tail && tail.EndsWith("/verification", StringComparison.Ordinal) && tail.Count(c => c == '/') == 2;

    /// <summary>
    /// Folds the SQLite WALs into their files and truncates them, so no page image written before the
    /// erasure waits in a <c>-wal</c> file; a few tries when a reader holds the WAL at that moment.
    /// </summary>
    private static async Task CheckpointAsync(ActorSystem system, string dataPath, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await WalCheckpoint.RunAsync(system, dataPath, AskTimeout, ct))
                return;
        }
    }

    public static async Task<Results<Ok<ErasureDto>, ProblemHttpResult>> Erase(string accountId, HttpContext http, SubjectKeys keys, ActorSystem system,
        IRequiredActor<IdentityRegistryMarker> registry, IRequiredActor<AppealDeskMarker> desk, TimeProvider clock, IOptions<RealNameOptions> options, ReadModelDb readModel, CancellationToken ct)
    {
        if (!AccountId.TryParse(accountId, out var id))
            return Problems.Invalid("accountId is not a valid account id.");
        var at = clock.GetUtcNow();
        var by = AdminTokenFilter.OperatorName(http);
        var keysDestroyed = keys.Destroy(id.Value, at);
        SubjectErasure.Publish(system, id.Value, at, by);
        await ReadModelErasure.EraseAsync(readModel, id.Value, at, ct);
        try
        {
            var claim = await registry.ActorRef.Ask<RegistryProtocol.Erased>(new RegistryProtocol.EraseAccount(id.Value, by), AskTimeout, ct);
            var appeals = await desk.ActorRef.Ask<AppealProtocol.ErasedAppeals>(new AppealProtocol.EraseAppellant(id.Value, by), AskTimeout, ct);
            if (!options.Value.Persistence.IsPostgres)
                await CheckpointAsync(system, options.Value.DataPath, ct);
            return TypedResults.Ok(new ErasureDto(id.Value, at, keysDestroyed, claim.DataErased, claim.ClaimKept, appeals.Count, by));
        }
        catch (AskTimeoutException)
        {
            return AdminProblems.Problem(503, AdminProblems.Unavailable,
                "The account's keys are destroyed, but the registry or the appeal desk did not answer in time; repeat the request to finish the erasure.");
        }
    }
}
