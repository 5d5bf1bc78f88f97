using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using RealName.Actors.Providers;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The HTTP adapters as typed clients, one per provider, each with its own resilience pipeline —
/// so one vendor's open circuit never blocks another's calls.
/// </summary>
public static class HttpProvidersHosting
{
    /// <summary>The name of every adapter's resilience handler (its metrics and logs carry it).</summary>
    public const string PipelineName = "vendor";

    /// <summary>Registers the adapters with TryAdd, so providers registered earlier (tests) win as in sandbox mode.</summary>
    public static IServiceCollection AddHttpProviders(this IServiceCollection services, ProvidersSettings settings)
    {
        services.AddVendorClient<HttpIdentityAuthority>(settings.Identity, "identity");
        services.AddVendorClient<HttpCarrier>(settings.Carrier, "carrier");
        services.AddVendorClient<HttpBankVerifier>(settings.Bank, "bank");
        services.AddVendorClient<HttpGroupDirectory>(settings.Directory, "directory");
        services.AddVendorClient<HttpSmsGateway>(settings.Sms, "sms");
        services.AddVendorClient<HttpBusinessRegistry>(settings.BusinessRegistry, "business_registry");
        services.AddVendorClient<HttpCorporatePayment>(settings.Payment, "payment");
        services.AddVendorClient<HttpFaceVerifier>(settings.Face, "face");
        // The enterprise station is the directory vendor's, but a circuit of its own.
        services.AddVendorClient<HttpEnterpriseDirectory>(settings.Directory, "enterprise_directory");
        services.TryAddSingleton<IIdentityAuthority>(sp => sp.GetRequiredService<HttpIdentityAuthority>());
        services.TryAddSingleton<ICarrier>(sp => sp.GetRequiredService<HttpCarrier>());
        services.TryAddSingleton<IBankVerifier>(sp => sp.GetRequiredService<HttpBankVerifier>());
        services.TryAddSingleton<IGroupDirectory>(sp => sp.GetRequiredService<HttpGroupDirectory>());
        services.TryAddSingleton<ISmsGateway>(sp => sp.GetRequiredService<HttpSmsGateway>());
        services.TryAddSingleton<IBusinessRegistry>(sp => sp.GetRequiredService<HttpBusinessRegistry>());
        services.TryAddSingleton<ICorporatePayment>(sp => sp.GetRequiredService<HttpCorporatePayment>());
        services.TryAddSingleton<IFaceVerifier>(sp => sp.GetRequiredService<HttpFaceVerifier>());
        services.TryAddSingleton<IEnterpriseDirectory>(sp => sp.GetRequiredService<HttpEnterpriseDirectory>());
        return services;
    }

    private static void AddVendorClient<TClient>(this IServiceCollection services, VendorSettings vendor, string provider)
        where TClient : class
    {
        ProviderMetrics.Registered(provider);
        services.AddHttpClient<TClient>(http =>
            {
                var baseUrl = vendor.BaseUrl!;
                // Relative wire paths resolve under the base URL's own path only with a trailing slash.
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                http.Timeout = vendor.TotalTimeout;
                if (!string.IsNullOrEmpty(vendor.ApiKey))
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", vendor.ApiKey);
            })
            // The adapter is resolved once into the sessions' singleton SessionProviders, so its
            // handler is never rotated by the factory: the pooled connections are recycled instead (DNS changes).
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The factory's request loggers write URLs, and directory URLs carry account names.
            .RemoveAllLoggers()
            .AddHttpMessageHandler(() => new ProviderMetrics.Handler(provider))
            .AddResilienceHandler(PipelineName, pipeline => Configure(pipeline, vendor, provider));
    }

    /// <summary>Outermost first: total timeout → retry (exponential, jittered) → circuit breaker → attempt timeout.</summary>
    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, VendorSettings vendor, string provider)
    {
        // Network time is real time; the node's TimeProvider (which Polly would take from DI) is the
        // business clock that tests move by hand, and would never fire a timeout.
        pipeline.TimeProvider = TimeProvider.System;
        pipeline.AddTimeout(vendor.TotalTimeout);
        if (vendor.Retries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = vendor.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = vendor.RetryDelay,
            });
        }
        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = vendor.CircuitBreaker.FailureRatio,
            MinimumThroughput = vendor.CircuitBreaker.MinimumThroughput,
            SamplingDuration = vendor.CircuitBreaker.SamplingDuration,
            BreakDuration = vendor.CircuitBreaker.BreakDuration,
            OnOpened = _ => { ProviderMetrics.Circuit(provider, 2); return default; },
            OnHalfOpened = _ => { ProviderMetrics.Circuit(provider, 1); return default; },
            OnClosed = _ => { ProviderMetrics.Circuit(provider, 0); return default; },
        });
        pipeline.AddTimeout(vendor.Timeout);
    }
}
