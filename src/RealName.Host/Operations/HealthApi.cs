using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using RealName.Actors.Identities;
using RealName.Host.Http;

namespace RealName.Host.Operations;

/// <summary><c>/healthz</c> (process alive) and <c>/readyz</c> (member Up, journal reachable, registry answering).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthDto("ok", null))).WithTags("Operations");
        app.MapGet("/readyz", Ready).WithTags("Operations");
        return app;
    }

    public static async Task<IResult> Ready(ActorSystem system, IRequiredActor<IdentityRegistry> registry, CancellationToken ct)
    {
        var member = Cluster.Get(system).SelfMember.Status;
        string registryCheck;
        try
        {
            // The registry answers only after recovering from the journal, so this also proves the journal is readable.
            await registry.ActorRef.Ask<RegistryProtocol.AccountAnswer>(new RegistryProtocol.GetAccount("readyz-probe"), TimeSpan.FromSeconds(2), ct);
            registryCheck = "ok";
        }
        catch (AskTimeoutException)
        {
            registryCheck = "no answer";
        }
        var checks = new Dictionary<string, string> { ["member"] = member.ToString(), ["registry"] = registryCheck };
        var ready = member == MemberStatus.Up && registryCheck == "ok";
        return ready
            ? TypedResults.Ok(new HealthDto("ready", checks))
            : TypedResults.Json(new HealthDto("not_ready", checks), HostJsonContext.Default.HealthDto, statusCode: 503);
    }
}
