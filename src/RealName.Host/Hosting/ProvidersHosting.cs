using Microsoft.Extensions.DependencyInjection.Extensions;
using RealName.Actors.Providers;

namespace RealName.Host.Hosting;

public static class ProvidersHosting
{
    /// <summary>
    /// The outside parties: the sandbox implementations are the embedded default (tests may
    /// register their own first; TryAdd keeps them).
    /// </summary>
    public static IServiceCollection AddRealNameProviders(this IServiceCollection services)
    {
        services.TryAddSingleton<IIdentityAuthority, SandboxIdentityAuthority>();
        services.TryAddSingleton<ICarrier, SandboxCarrier>();
        services.TryAddSingleton<IBankVerifier, SandboxBank>();
        services.TryAddSingleton<IGroupDirectory, SandboxGroupDirectory>();
        services.TryAddSingleton<SandboxSmsGateway>();
        services.TryAddSingleton<ISmsGateway>(sp => sp.GetRequiredService<SandboxSmsGateway>());
        services.TryAddSingleton(sp => new SessionProviders(
            sp.GetRequiredService<IIdentityAuthority>(),
            sp.GetRequiredService<ICarrier>(),
            sp.GetRequiredService<IBankVerifier>(),
            sp.GetRequiredService<IGroupDirectory>(),
            sp.GetRequiredService<ISmsGateway>()));
        return services;
    }
}
