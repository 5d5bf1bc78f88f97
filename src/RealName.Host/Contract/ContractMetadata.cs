using RealName.Contracts;
using RealName.Host.Http;

namespace RealName.Host.Contract;

/// <summary>Endpoint metadata: the operation's stable <c>operationId</c> in the OpenAPI document (never renamed: clients are generated from it).</summary>
public sealed record ContractOperation(string OperationId);

/// <summary>Endpoint metadata: the call is a signed callback (<c>X-RealName-Signature</c>), keyed with <see cref="Secret"/>.</summary>
public sealed record SignedCallback(string Secret);

/// <summary>A <c>multipart/form-data</c> body of up to <paramref name="MaxFiles"/> files (described as named binary parts, which generators understand).</summary>
public sealed record MultipartFiles(int MaxFiles);

/// <summary>
/// How a route describes itself in the OpenAPI document: one chained call per route beside its
/// <c>Map…</c>, so the document cannot drift from the routes. Names stay out of endpoint names
/// (<c>WithName</c>) because the session routes are mapped twice (API key and hosted page).
/// </summary>
public static class ContractMetadataExtensions
{
    public const string ProblemContentType = "application/problem+json";

    public static TBuilder Operation<TBuilder>(this TBuilder builder, string operationId, string summary, string? description = null)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ContractOperation(operationId)).WithSummary(summary);
        return description is null ? builder : builder.WithDescription(description);
    }

    /// <summary>The problem+json answers the route can give, by status (each with the <c>code</c> enum).</summary>
    public static RouteHandlerBuilder Fails(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
            builder.Produces<ProblemDto>(status, ProblemContentType);
        return builder;
    }

    /// <summary>A JSON request body of <typeparamref name="T"/> (handlers read bodies themselves, to answer our own <c>invalid_request</c>).</summary>
    public static RouteHandlerBuilder Body<T>(this RouteHandlerBuilder builder) where T : notnull =>
        builder.Accepts<T>("application/json");

    /// <summary>200 with the session object.</summary>
    public static RouteHandlerBuilder Session(this RouteHandlerBuilder builder) => builder.Produces<SessionDto>(StatusCodes.Status200OK);

    /// <summary>A <c>multipart/form-data</c> body of 1 to <paramref name="maxFiles"/> files (the handler reads the form itself).</summary>
    public static RouteHandlerBuilder Files(this RouteHandlerBuilder builder, int maxFiles) =>
        builder.WithMetadata(new MultipartFiles(maxFiles));

    public static RouteHandlerBuilder Signed(this RouteHandlerBuilder builder, string secret) =>
        builder.WithMetadata(new SignedCallback(secret));
}
