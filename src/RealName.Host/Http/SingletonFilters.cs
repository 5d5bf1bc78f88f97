namespace RealName.Host.Http;

/// <summary>
/// Endpoint filters that are built once, from the application's services, instead of per request.
/// </summary>
/// <remarks>
/// ASP.NET Core's <c>AddEndpointFilter&lt;TFilter&gt;()</c> constructs a new filter for every request
/// (<c>ActivatorUtilities</c>, ignoring any registration of the filter type), so a filter that prepares
/// something in its constructor, as <see cref="ApiKeyFilter"/> hashes every configured key, paid for it
/// on every call: a CPU profile of status reads showed the constructor and its hashing. Register the
/// filter as a singleton and add it with <see cref="AddSingletonFilter{TFilter}(RouteGroupBuilder)"/>.
/// </remarks>
public static class SingletonFilters
{
    public static RouteGroupBuilder AddSingletonFilter<TFilter>(this RouteGroupBuilder builder) where TFilter : class, IEndpointFilter =>
        builder.AddEndpointFilterFactory(Shared<TFilter>);

    public static RouteHandlerBuilder AddSingletonFilter<TFilter>(this RouteHandlerBuilder builder) where TFilter : class, IEndpointFilter =>
        builder.AddEndpointFilterFactory(Shared<TFilter>);

    /// <summary>Resolves the registered filter once per endpoint, when the endpoint is built.</summary>
    private static EndpointFilterDelegate Shared<TFilter>(EndpointFilterFactoryContext context, EndpointFilterDelegate next) where TFilter : class, IEndpointFilter
    {
        var filter = context.ApplicationServices.GetRequiredService<TFilter>();
        return invocation => filter.InvokeAsync(invocation, next);
    }
}
