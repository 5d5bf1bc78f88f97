using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using RealName.Actors.Identities;
using RealName.Actors.Security;
using RealName.Host.Configuration;
using RealName.Host.Projections.ReadModel;
using RealName.Host.Projections.Running;
using RealName.Host.Projections.Webhooks;
using RealName.Persistence;

namespace RealName.Host.Projections;

/// <summary>Marker key of the results projection singleton.</summary>
public sealed class ResultsProjectionMarker;

/// <summary>Results out (issue 18): the read model, the list endpoints, webhooks and the projection that feeds them.</summary>
public static class WebhooksHosting
{
    public const string HttpClientName = "webhooks";

    /// <summary><c>RealName:Projections:Enabled</c> (default true): false runs no projection on this node (lists and webhooks then stand still).</summary>
    public static bool ProjectionsEnabled(IConfiguration configuration) =>
        configuration.GetValue("RealName:Projections:Enabled", true);

    public static WebApplicationBuilder AddRealNameResults(this WebApplicationBuilder builder, RealNameOptions options, RealNameSecrets secrets)
    {
        var settings = builder.Configuration.GetSection("RealName:Webhooks").Get<WebhookSettings>() ?? new WebhookSettings();
        var db = ReadModelDb.For(options.Persistence, options.DataPath);
        try
        {
            db.EnsureSchemaAsync().GetAwaiter().GetResult();
        }
        catch (System.Data.Common.DbException)
        {
            // The database is unreachable now: the node still starts (and /readyz says why); the
            // projection creates the tables when it starts, once the database answers.
        }
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(db);
        builder.Services.AddSingleton<ListQueries>();
        builder.Services.AddSingleton(new WebhookEndpoints(db, secrets.Cipher));
        builder.Services.AddSingleton<WebhookOutbox>();
        builder.Services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            // Retries are the outbox's (jittered backoff for days, surviving restarts); the pipeline bounds one attempt.
            .AddResilienceHandler("webhook-attempt", pipeline => pipeline.AddTimeout(settings.Timeout));
        return builder;
    }

    /// <summary>The projection singleton (with its webhook dispatcher), unless <c>RealName:Projections:Enabled</c> is false.</summary>
    public static AkkaConfigurationBuilder AddResultsProjection(this AkkaConfigurationBuilder akka, IServiceProvider services, string readJournalId)
    {
        if (!ProjectionsEnabled(services.GetRequiredService<IConfiguration>()))
            return akka;
        return akka.WithSingleton<ResultsProjectionMarker>(
            "results-projection",
            (system, registry, resolver) =>
            {
                var db = resolver.GetService<ReadModelDb>();
                var outbox = resolver.GetService<WebhookOutbox>();
                var dispatcher = Props.Create(() => new WebhookDispatcher(outbox, resolver.GetService<WebhookEndpoints>(),
                    resolver.GetService<IHttpClientFactory>(), resolver.GetService<WebhookSettings>(), resolver.GetService<TimeProvider>()));
                IReadOnlyList<IProjector> projectors =
                [
                    new SessionProjector(db, system, readJournalId, outbox),
                    new AppealProjector(db, system, readJournalId, outbox),
                    new AccountProjector(db, system, readJournalId, outbox, registry.Get<IdentityRegistryMarker>()),
                ];
                return Props.Create(() => new ResultsProjection(db, projectors, dispatcher));
            },
            new ClusterSingletonOptions(),
            createProxyToo: false);
    }

    public static WebApplication MapResults(this WebApplication app, RouteGroupBuilder admin)
    {
        app.MapListsApi();
        admin.MapWebhooksAdmin();
        return app;
    }
}
