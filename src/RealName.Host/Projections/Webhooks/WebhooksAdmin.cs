using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using RealName.Contracts;
using RealName.Contracts.Webhooks;
using RealName.Host.Admin;
using RealName.Host.Http;

namespace RealName.Host.Projections.Webhooks;

/// <summary>The contract's webhook management on the admin port (and through it, <c>realname-ctl webhooks …</c>).</summary>
public static class WebhooksAdmin
{
    public static RouteGroupBuilder MapWebhooksAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/webhooks", Add).Produces<WebhookSecretDto>(StatusCodes.Status201Created);
        admin.MapGet("/webhooks", List).Produces<WebhookEndpointListDto>();
        admin.MapDelete("/webhooks/{id}", Remove).Produces<WebhookActionDto>();
        admin.MapPost("/webhooks/{id}/rotate-secret", Rotate).Produces<WebhookSecretDto>();
        admin.MapGet("/webhooks/{id}/deliveries", Deliveries).Produces<WebhookDeliveryPage>();
        admin.MapPost("/webhook-deliveries/{id}/retry", Retry).Produces<WebhookActionDto>();
        return admin;
    }

    public static async Task<Results<JsonHttpResult<WebhookSecretDto>, ProblemHttpResult>> Add(HttpRequest request, WebhookEndpoints endpoints, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, ContractJsonContext.Default.AddWebhookRequest);
        if (problem is not null)
            return problem;
        if (body is null || string.IsNullOrWhiteSpace(body.Url) || !Uri.TryCreate(body.Url, UriKind.Absolute, out var url)
            || url.Scheme is not ("http" or "https") || body.Url.Length > 2048)
            return AdminProblems.Invalid("url must be an absolute http(s) URL.");
        var events = body.Events is { Count: > 0 } e ? e.Distinct().ToList() : WebhookTypes.All.Order(StringComparer.Ordinal).ToList();
        if (events.FirstOrDefault(t => !WebhookTypes.All.Contains(t)) is { } unknown)
            return AdminProblems.Invalid($"Unknown event type '{unknown}'; the types are {string.Join(", ", WebhookTypes.All.Order(StringComparer.Ordinal))}.");
        var (endpoint, secret) = await endpoints.AddAsync(url.ToString(), events, clock.GetUtcNow(), ct);
        return TypedResults.Json(new WebhookSecretDto(endpoint.Id, secret, endpoint.Url, endpoint.Events), ContractJsonContext.Default.WebhookSecretDto, statusCode: 201);
    }

    public static async Task<JsonHttpResult<WebhookEndpointListDto>> List(WebhookEndpoints endpoints, CancellationToken ct) =>
        TypedResults.Json(new WebhookEndpointListDto(await endpoints.ListAsync(ct)), ContractJsonContext.Default.WebhookEndpointListDto);

    public static async Task<Results<JsonHttpResult<WebhookActionDto>, ProblemHttpResult>> Remove(string id, WebhookEndpoints endpoints, CancellationToken ct) =>
        await endpoints.RemoveAsync(id, ct) ? Done(id, "removed") : NoSuchEndpoint();

    public static async Task<Results<JsonHttpResult<WebhookSecretDto>, ProblemHttpResult>> Rotate(string id, WebhookEndpoints endpoints, CancellationToken ct) =>
        await endpoints.RotateSecretAsync(id, ct) is { } secret
            ? TypedResults.Json(new WebhookSecretDto(id, secret), ContractJsonContext.Default.WebhookSecretDto)
            : NoSuchEndpoint();

    public static async Task<Results<JsonHttpResult<WebhookDeliveryPage>, ProblemHttpResult>> Deliveries(string id, HttpRequest request, WebhookOutbox outbox, CancellationToken ct)
    {
        var limit = 20;
        if (request.Query["limit"].FirstOrDefault() is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100))
            return AdminProblems.Invalid("limit is a number from 1 to 100.");
        var page = await outbox.ListAsync(id, limit, request.Query["startingAfter"].FirstOrDefault(), ct);
        return page is null
            ? AdminProblems.Invalid("startingAfter names no delivery of this endpoint.")
            : TypedResults.Json(page, ContractJsonContext.Default.WebhookDeliveryPage);
    }

    public static async Task<Results<JsonHttpResult<WebhookActionDto>, ProblemHttpResult>> Retry(string id, WebhookOutbox outbox, TimeProvider clock, CancellationToken ct) =>
        await outbox.RetryAsync(id, clock.GetUtcNow(), ct) ? Done(id, "pending") : AdminProblems.Problem(404, AdminProblems.WebhookDeliveryNotFound, "No such webhook delivery.");

    private static JsonHttpResult<WebhookActionDto> Done(string id, string result) => TypedResults.Json(new WebhookActionDto(id, result), ContractJsonContext.Default.WebhookActionDto);

    /// <summary>Its own code, not <c>not_found</c>: the CLI reads a bare 404 as "this is not the admin port".</summary>
    private static ProblemHttpResult NoSuchEndpoint() => AdminProblems.Problem(404, AdminProblems.WebhookNotFound, "No such webhook endpoint.");
}
