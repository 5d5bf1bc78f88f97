using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Contracts;
using RealName.Host.Accounts;
using RealName.Host.Appeals;
using RealName.Host.Configuration;
using RealName.Host.Contract;
using RealName.Host.Http;
using RealName.Host.Providers;

namespace RealName.Host.Admin;

/// <summary>
/// The admin API behind the ops CLI (<c>realname-ctl</c>): everything under <c>/admin</c>, on the
/// admin listener only, with the admin token. The admin listener in turn serves nothing of the
/// public API, only <c>/admin</c> and the probes an operator also wants there.
/// </summary>
public static class AdminApi
{
    /// <summary>Paths the admin listener serves besides <c>/admin</c>.</summary>
    private static readonly string[] OpsPaths = ["/healthz", "/readyz", "/metrics", OpenApiDocuments.AdminPath];

    public static WebApplicationBuilder AddRealNameAdmin(this WebApplicationBuilder builder, RealNameOptions options)
    {
        var listeners = new NodeListeners(ListenerCertificate.Load(options, NodeListeners.AdminUrlFor(options)));
        builder.Services.AddSingleton(listeners);
        builder.Services.AddSingleton<AdminTokenFilter>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, ContractJsonContext.Default));
        builder.WebHost.ConfigureKestrel(kestrel => listeners.Configure(kestrel, options));
        return builder;
    }

    /// <summary>
    /// Maps the admin endpoints and returns their group. Each capability adds its operator
    /// endpoints with a <c>Map…Admin(this RouteGroupBuilder)</c> extension in its own folder and
    /// one line here (the CLI registers the matching commands in <c>CommandCatalog</c>).
    /// </summary>
    public static RouteGroupBuilder MapAdminApi(this WebApplication app)
    {
        app.UseWhen(
            context => context.RequestServices.GetRequiredService<NodeListeners>().IsAdmin(context) && !IsAdminPath(context.Request.Path)
                && !AccountErasureApi.IsErasure(context.Request),
            gate => gate.Run(context => NotServedHere().ExecuteAsync(context)));

        var admin = app.MapGroup("/admin").AddSingletonFilter<AdminTokenFilter>().WithTags("Admin").WithGroupName(OpenApiDocuments.AdminGroup);
        admin.MapClusterAdmin()
            .MapShardingAdmin()
            .MapActorsAdmin()
            .MapSessionsAdmin()
            .MapRegistryAdmin()
            .MapAppealsAdmin()
            .MapSmsAdmin()
            .MapLogAdmin();
        app.MapAccountErasure();
        return admin;
    }

    private static bool IsAdminPath(PathString path) =>
        path.StartsWithSegments("/admin") || OpsPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase));

    private static ProblemHttpResult NotServedHere() =>
        AdminProblems.NotFound("The admin listener serves only /admin, DELETE /v1/accounts/{id}/verification, /healthz, /readyz and /metrics; the public API is on the public URL.");
}
