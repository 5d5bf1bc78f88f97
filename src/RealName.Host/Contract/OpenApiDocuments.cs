using RealName.Host.Admin;

namespace RealName.Host.Contract;

/// <summary>
/// The two OpenAPI documents: the public API (<c>/openapi/v1.json</c> on the public listener) and
/// the admin API (<c>/openapi/admin.json</c> on the admin listener only). Admin routes carry the
/// <see cref="AdminGroup"/> group name, which keeps them out of the public document.
/// </summary>
public static class OpenApiDocuments
{
    public const string Public = "v1";
    public const string Admin = "admin";
    public const string AdminGroup = "admin";
    public const string PublicPath = "/openapi/v1.json";
    public const string AdminPath = "/openapi/admin.json";

    public static IServiceCollection AddRealNameOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(Public, options =>
        {
            options.ShouldInclude = description => description.GroupName is null;
            options.AddDocumentTransformer((document, _, _) => ContractTransformers.DescribePublic(document));
            options.AddOperationTransformer(ContractTransformers.DescribeOperation);
            options.AddSchemaTransformer(ContractTransformers.DescribeSchema);
        });
        services.AddOpenApi(Admin, options =>
        {
            options.ShouldInclude = description => description.GroupName == AdminGroup;
            options.AddDocumentTransformer((document, _, _) => ContractTransformers.DescribeAdmin(document));
            options.AddOperationTransformer(ContractTransformers.DescribeOperation);
            options.AddSchemaTransformer(ContractTransformers.DescribeSchema);
        });
        return services;
    }

    /// <summary>Each document on its own listener only: the admin document names routes the public listener does not serve.</summary>
    public static IEndpointRouteBuilder MapRealNameOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var admin = http.RequestServices.GetRequiredService<NodeListeners>().IsAdmin(http);
            var wanted = http.GetRouteValue("documentName") as string;
            if (wanted != (admin ? Admin : Public))
                return Http.Problems.For(Http.Problems.NotFound, "No such document on this listener; the public API is /openapi/v1.json, the admin API /openapi/admin.json on the admin port.");
            return await next(context);
        });
        return app;
    }
}
