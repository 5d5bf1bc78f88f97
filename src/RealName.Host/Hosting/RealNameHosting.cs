using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RealName.Actors.Appeals;
using RealName.Actors.Budgets;
using RealName.Actors.Erasure;
using RealName.Actors.Idempotency;
using RealName.Actors.Identities;
using RealName.Actors.Providers;
using RealName.Actors.Security;
using RealName.Actors.Serialization;
using RealName.Actors.Sessions;
using RealName.Domain.Identities;
using RealName.Host.Accounts;
using RealName.Host.Admin;
using RealName.Host.Appeals;
using RealName.Host.Banks;
using RealName.Host.Callbacks;
using RealName.Host.Configuration;
using RealName.Host.Contract;
using RealName.Host.Discovery;
using RealName.Host.Http;
using RealName.Host.Http.Idempotency;
using RealName.Host.Http.RateLimits;
using RealName.Host.Operations;
using RealName.Host.Pages;
using RealName.Host.Projections;
using RealName.Host.Remoting;
using RealName.Host.Sessions;
using RealName.Persistence;
using RealName.Persistence.Evidence;
using RealName.Persistence.Keys;
using RealName.Persistence.Sqlite;

namespace RealName.Host.Hosting;

/// <summary>The one place where the node is composed: options, actor system, HTTP.</summary>
public static class RealNameHosting
{
    public static WebApplicationBuilder AddRealName(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(RealNameOptions.Section);
        var options = section.Get<RealNameOptions>() ?? new RealNameOptions();
        SecretFiles.Apply(section, options);
        ProductionGuard.Check(options);
        Credentials.Check(options);
        options.Persistence.Validate();
        options.Discovery.Validate(options.SeedNodes);
        var secrets = KeyMaterial.Resolve(options);
        if (options.MinPoolThreads > 0)
        {
            ThreadPool.GetMinThreads(out var workers, out var io);
            ThreadPool.SetMinThreads(Math.Max(workers, options.MinPoolThreads), Math.Max(io, options.MinPoolThreads));
        }
        var keyStore = SubjectKeyStore.For(options.Persistence, options.DataPath);
        var subjectKeys = new SubjectKeys(keyStore, secrets.Cipher, TimeProvider.System);

        builder.Services.AddOptions<RealNameOptions>().BindConfiguration(RealNameOptions.Section)
            .PostConfigure(bound => SecretFiles.CopySecrets(options, bound));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(secrets);
        builder.Services.AddSingleton(keyStore);
        builder.Services.AddSingleton(subjectKeys);
        builder.Services.AddSingleton(EvidenceStore.For(options.Persistence, options.DataPath));
        builder.Services.AddRealNameProviders(options);
        builder.Services.AddSingleton(SupportedBanks.From(options.Banks));
        builder.Services.AddSingleton<NonceStore>();
        builder.Services.AddSingleton<LocalSessions>();
        builder.Services.AddSingleton<SessionGateway>();
        builder.Services.AddRealNamePages();
        builder.Services.AddSingleton<ApiKeyFilter>();
        builder.Services.AddSingleton<IdempotencyFilter>();
        builder.Services.AddRealNameRateLimits(options.RateLimits);
        if (options.RateLimits.Enabled)
            builder.Services.AddSingleton(new SmsBudgetSettings(
                RateLimitSettings.Rule("sms-phone", options.RateLimits.SmsPerPhone, options.RateLimits.SmsPerPhonePerDay), options.RateLimits.Timeout));
        builder.Services.AddRealNameTransport(options);
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = c => ProblemLanguage.Apply(c.ProblemDetails, c.HttpContext));
        builder.Services.AddExceptionHandler<UnreadablePersonalDataHandler>();
        builder.Services.AddRealNameOpenApi();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, HostJsonContext.Default));
        // Two listeners: the public URL and the admin port (the ops CLI's; loopback by default).
        builder.AddRealNameAdmin(options);
        builder.AddRealNameMetrics();
        var recentLog = new RecentLog();
        builder.Services.AddSingleton(recentLog);
        builder.Logging.AddProvider(recentLog);
        builder.Services.AddSingleton<JournalReader>();
        builder.AddRealNameResults(options, secrets);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            // Slow clients (slow-loris headers, dribbled bodies, idle keep-alives) lose their connection instead of holding it.
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            kestrel.Limits.MinRequestBodyDataRate = new Microsoft.AspNetCore.Server.Kestrel.Core.MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            kestrel.Limits.Http2.MaxStreamsPerConnection = 32;
        });
        // Coordinated shutdown's phases (sharding hand-off 10 s) must fit in the host's stop budget.
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));

        builder.Services.AddAkka("realname", (akka, services) =>
        {
            akka.ConfigureLoggers(loggers => loggers.ClearLoggers().AddLogger<Akka.Event.DefaultLogger>().AddLogger<RecentLogAkkaLogger>())
                .AddSetup(secrets)
                .AddSetup(subjectKeys)
                .AddRealNameSerialization()
                .WithRemoting(RemotingTls.RemoteOptions(options))
                .WithClustering(new ClusterOptions { Roles = options.Roles, SeedNodes = options.SeedNodes })
                .AddHocon(ClusterHocon(options), HoconAddMode.Prepend)
                .AddRealNamePersistence(options.Persistence, options.DataPath)
                .AddIdentityRegistry()
                .AddAppealDesk(options.Sessions.CallTimeout * 3)
                .AddClusterBudgets()
                .AddIdempotencyKeys()
                .AddVerificationSessions(options.Sessions, PersistencePlugins.QueryId)
                .AddSubjectErasure()
                .AddResultsProjection(services, PersistencePlugins.QueryId)
                .AddRealNameDiscovery(options)
                .AddStartup((system, _) =>
                {
                    if (options.SeedNodes.Length > 0 || options.Discovery.Enabled)
                        return;
                    // A node without seed nodes is its own one-node cluster.
                    var cluster = Cluster.Get(system);
                    cluster.Join(cluster.SelfAddress);
                });
        });
        return builder;
    }

    /// <summary>
    /// Split-brain resolver and the fail-over timings; the same on every node. A kill -9 of the
    /// registry's node costs ≈ failure detection (3 s pause + 1 s heartbeat) + stable-after + the
    /// leader's removal (≈1 s) + the removal margin before the registry runs again elsewhere, then a
    /// region retry and a claim retry (1 s each).
    /// </summary>
    private static string ClusterHocon(RealNameOptions options) => $$"""
        akka.cluster {
          downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
          split-brain-resolver {
            active-strategy = keep-majority
            stable-after = {{(int)options.DowningStableAfter.TotalMilliseconds}}ms
            down-all-when-unstable = on
          }
          distributed-data.durable.keys = []
          {{(options.DownRemovalMargin > TimeSpan.Zero ? $"down-removal-margin = {(int)options.DownRemovalMargin.TotalMilliseconds}ms" : "")}}
          # A region asks again for the home of a shard whose node died every retry-interval (default 2 s),
          # and a singleton proxy looks for the moved registry every identification interval (default 1 s).
          sharding.retry-interval = 1s
          singleton-proxy.singleton-identification-interval = 500ms
        }
        """;

    public static WebApplication MapRealName(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<RealNameOptions>>().Value;
        // A stopped node holds none of its data files open (the actor system and its journal are down by now).
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            app.Services.GetRequiredService<SubjectKeyStore>().CloseWriter();
            if (!options.Persistence.IsPostgres)
                PooledSqlite.Release(options.DataPath);
        });
        app.UseRealNameTransport(options);
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Kestrel's own refusals (body too large, bad framing) keep their 4xx status.
            StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : 500,
        });
        app.UseStatusCodePages(Problems.WriteStatusCodeProblem);
        app.UseRealNameRateLimits();
        app.MapRealNameOpenApi();
        app.MapSessionsApi();
        app.MapPages();
        app.MapCallbacksApi();
        app.MapAccountsApi();
        app.MapBanksApi();
        app.MapAppealsApi();
        app.MapHealthApi();
        app.MapMetricsApi();
        app.MapResults(app.MapAdminApi());
        return app;
    }
}
