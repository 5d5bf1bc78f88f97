using Microsoft.Extensions.DependencyInjection.Extensions;
using RealName.Actors.Providers;
using RealName.Host.Configuration;
using RealName.Host.Providers.Http;

namespace RealName.Host.Hosting;

public static class ProvidersHosting
{
    /// <summary>
    /// The outside parties: the sandbox implementations are the embedded default, real vendors
    /// over HTTP with <c>Providers:Mode=http</c> (tests may register their own first; TryAdd keeps them).
    /// </summary>
    public static IServiceCollection AddRealNameProviders(this IServiceCollection services, RealNameOptions options)
    {
        options.Providers.Validate();
        if (options.Providers.IsHttp)
            services.AddHttpProviders(options.Providers);
        services.TryAddSingleton<IIdentityAuthority, SandboxIdentityAuthority>();
        services.TryAddSingleton<ICarrier, SandboxCarrier>();
        services.TryAddSingleton<IBankVerifier, SandboxBank>();
        services.TryAddSingleton<IGroupDirectory, SandboxGroupDirectory>();
        services.TryAddSingleton<SandboxSmsGateway>();
        services.TryAddSingleton<ISmsGateway>(sp => sp.GetRequiredService<SandboxSmsGateway>());
        services.TryAddSingleton<IBusinessRegistry, SandboxBusinessRegistry>();
        services.TryAddSingleton<SandboxCorporatePayment>();
        services.TryAddSingleton<ICorporatePayment>(sp => sp.GetRequiredService<SandboxCorporatePayment>());
        services.TryAddSingleton<IFaceVerifier, SandboxFaceVerifier>();
        services.TryAddSingleton<IEnterpriseDirectory, SandboxEnterpriseDirectory>();
        services.TryAddSingleton(sp => new SessionProviders(
            sp.GetRequiredService<IIdentityAuthority>(),
            sp.GetRequiredService<ICarrier>(),
            sp.GetRequiredService<IBankVerifier>(),
            sp.GetRequiredService<IGroupDirectory>(),
            sp.GetRequiredService<ISmsGateway>(),
            sp.GetRequiredService<IBusinessRegistry>(),
            sp.GetRequiredService<ICorporatePayment>(),
            sp.GetRequiredService<IFaceVerifier>(),
            sp.GetRequiredService<IEnterpriseDirectory>()));
        return services;
    }
}
