using System.Net;
using System.Text.Json;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>
/// The served OpenAPI documents: the public one on the public listener, the admin one on the
/// admin listener only. Each spec also leaves the document it read in
/// <c>$REALNAME_OPENAPI_DIR</c> (test.sh lints them and generates the Kiota client from them).
/// </summary>
public sealed class OpenApiDocumentSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private static readonly string[] Verbs = ["get", "post", "put", "delete", "patch"];

    [Fact]
    public async Task Should_describe_every_public_operation_with_an_id_a_summary_and_problem_answers()
    {
        var document = await ReadAsync(node.AnonymousClient, "/openapi/v1.json", "public.json");

        var operations = Operations(document).ToList();
        Assert.NotEmpty(operations);
        foreach (var (path, verb, operation) in operations)
        {
            Assert.True(operation.TryGetProperty("operationId", out _), $"{verb} {path} has no operationId");
            Assert.True(operation.TryGetProperty("summary", out _), $"{verb} {path} has no summary");
        }
        Assert.Equal(operations.Count, operations.Select(o => o.Operation.GetProperty("operationId").GetString()).Distinct().Count());
        Assert.DoesNotContain(operations, o => o.Path.StartsWith("/admin", StringComparison.Ordinal) || o.Path.StartsWith("/verify", StringComparison.Ordinal));
        Assert.DoesNotContain(operations, o => o.Verb == "delete");
    }

    [Fact]
    public async Task Should_document_create_as_201_with_a_body_and_errors_as_problem_json_with_the_code_enum()
    {
        var document = await ReadAsync(node.AnonymousClient, "/openapi/v1.json", "public.json");

        var create = document.GetProperty("paths").GetProperty("/v1/sessions").GetProperty("post");
        Assert.Equal("createSession", create.GetProperty("operationId").GetString());
        Assert.True(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("201", out _));
        Assert.False(create.GetProperty("responses").TryGetProperty("200", out _));
        Assert.Contains(create.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        var problem = create.GetProperty("responses").GetProperty("400").GetProperty("content").GetProperty("application/problem+json");
        Assert.True(problem.TryGetProperty("schema", out _));
        var codes = document.GetProperty("components").GetProperty("schemas").GetProperty("ProblemDto")
            .GetProperty("properties").GetProperty("code").GetProperty("enum").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("idempotency_conflict", codes);
        Assert.Contains("face_check_used", codes);
        Assert.Contains("personal_data_unreadable", codes);
    }

    [Fact]
    public async Task Should_secure_frontend_calls_with_the_api_key_and_callbacks_with_the_signature()
    {
        var document = await ReadAsync(node.AnonymousClient, "/openapi/v1.json", "public.json");

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("apiKey").GetProperty("scheme").GetString());
        Assert.Equal("X-RealName-Signature", schemes.GetProperty("callbackSignature").GetProperty("name").GetString());
        var scan = document.GetProperty("paths").GetProperty("/v1/scan").GetProperty("post");
        Assert.True(scan.GetProperty("security")[0].TryGetProperty("callbackSignature", out _));
        var events = document.GetProperty("paths").GetProperty("/v1/sessions/{id}/events").GetProperty("get");
        Assert.True(events.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("text/event-stream", out _));
        var qr = document.GetProperty("paths").GetProperty("/v1/sessions/{id}/qr.svg").GetProperty("get");
        Assert.True(qr.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("image/svg+xml", out _));
    }

    [Fact]
    public async Task Should_serve_the_admin_document_on_the_admin_listener_only_with_every_answer_body_described()
    {
        using var admin = node.CreateAdminClient();
        var document = await ReadAsync(admin, "/openapi/admin.json", "admin.json");

        var operations = Operations(document).ToList();
        Assert.Contains(operations, o => o.Path == "/admin/cluster/members");
        Assert.Contains(operations, o => o.Path == "/v1/accounts/{accountId}/verification" && o.Verb == "delete");
        Assert.All(operations, o => Assert.True(o.Operation.TryGetProperty("operationId", out _)));
        Assert.All(operations, o => Assert.True(
            o.Operation.GetProperty("responses").EnumerateObject().Any(r => r.Name.StartsWith('2') && r.Value.TryGetProperty("content", out _)),
            $"{o.Verb} {o.Path} documents no answer body"));
        Assert.Equal(HttpStatusCode.NotFound, (await node.AnonymousClient.GetAsync("/openapi/admin.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/openapi/v1.json")).StatusCode);
    }

    private static IEnumerable<(string Path, string Verb, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from verb in path.Value.EnumerateObject()
        where Verbs.Contains(verb.Name)
        select (path.Name, verb.Name, verb.Value);

    private static async Task<JsonElement> ReadAsync(HttpClient client, string path, string fileName)
    {
        var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync();
        if (Environment.GetEnvironmentVariable("REALNAME_OPENAPI_DIR") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, fileName), text);
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
