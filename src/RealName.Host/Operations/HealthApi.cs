using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using RealName.Actors.Identities;
using RealName.Host.Contract;
using RealName.Host.Http;

namespace RealName.Host.Operations;

/// <summary>
/// <c>/healthz</c> (process alive) and <c>/readyz</c> (member Up, journal reachable, registry
/// answering). A node that is joining, leaving, exiting or down is not ready: a load balancer
/// should not send it new work, and a leaving node's sessions are moving away.
/// </summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthDto("ok", null))).WithTags("Operations")
            .Operation("healthz", "Process alive");
        app.MapGet("/readyz", Ready).WithTags("Operations")
            .Operation("readyz", "Ready for traffic", "Member Up, journal reachable, registry answering; otherwise 503 with the failing checks.")
            .Produces<HealthDto>(StatusCodes.Status200OK).Produces<HealthDto>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    public static async Task<IResult> Ready(ActorSystem system, IRequiredActor<IdentityRegistryMarker> registry, JournalReader journal, CancellationToken ct)
    {
        var member = Cluster.Get(system).SelfMember.Status;
        var journalProbe = journal.IsReachableAsync(ProbeTimeout, ct);
        string registryCheck;
        try
        {
            // The registry answers only after recovering from the journal, so this also proves the journal is readable.
            await registry.ActorRef.Ask<RegistryProtocol.AccountAnswer>(new RegistryProtocol.GetAccount("readyz-probe"), ProbeTimeout, ct);
            registryCheck = "ok";
        }
        catch (AskTimeoutException)
        {
            registryCheck = "no answer";
        }
        var journalCheck = await journalProbe ? "ok" : "unreachable";
        var checks = new Dictionary<string, string> { ["member"] = member.ToString(), ["journal"] = journalCheck, ["registry"] = registryCheck };
        var ready = member == MemberStatus.Up && journalCheck == "ok" && registryCheck == "ok";
        return ready
            ? TypedResults.Ok(new HealthDto("ready", checks))
            : TypedResults.Json(new HealthDto("not_ready", checks), HostJsonContext.Default.HealthDto, statusCode: 503);
    }
}
