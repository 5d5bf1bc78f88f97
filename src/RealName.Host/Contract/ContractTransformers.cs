using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RealName.Contracts;
using RealName.Contracts.Appeals;
using RealName.Domain.Sessions;
using RealName.Host.Http;

namespace RealName.Host.Contract;

/// <summary>What the route metadata cannot say by itself: security, idempotency, the error-code enum, examples.</summary>
public static class ContractTransformers
{
    public const string BearerScheme = "apiKey";
    public const string SignatureScheme = "callbackSignature";
    public const string AdminScheme = "adminToken";

    /// <summary>Every code a problem answer can carry: the contract's, and the node's own (no route, budgets, streams, replay guard, idempotency).</summary>
    public static readonly IReadOnlyList<string> ProblemCodes =
    [
        .. Constants(typeof(ErrorCodes)),
        .. Constants(typeof(Problems)),
    ];

    private static IEnumerable<string> Constants(Type type) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!);

    private static readonly (string Name, string Description)[] PublicTags =
    [
        ("Sessions", "Verification sessions: create, submit details, follow the status (API key)."),
        ("Callbacks", "Signed calls of the mobile app (scan) and the face provider (result)."),
        ("Accounts", "An account's verification record (API key, scope read)."),
        ("Appeals", "Appeals of a person whose ID card verifies another account (API key, scope appeals)."),
        ("Banks", "The supported banks of bank-card verification (no credentials)."),
        ("Operations", "Probes for load balancers and orchestrators (no credentials)."),
    ];

    public static Task DescribePublic(OpenApiDocument document)
    {
        Describe(document, PublicTags);
        document.Info = new OpenApiInfo
        {
            Title = "RealName API",
            Version = "2",
            Description = "Real-name identity verification: the frontend's sessions, the app's and face provider's signed callbacks, "
                + "account records and appeals. The integrator reference is docs/api.md in the RealName repository.",
            Contact = new OpenApiContact { Name = "RealName", Url = new Uri("https://realname.dev/docs/api") },
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A frontend API key: `Authorization: Bearer <key>`. Keys carry scopes (`sessions`, `read`, `appeals`); a key without the route's scope answers 403 forbidden.",
            },
            [SignatureScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = CallbackSignature.Header,
                Description = "`t=<unix s>,n=<nonce>,v1=<hex HMAC-SHA256(secret, t + \".\" + n + \".\" + rawBody)>`, keyed with the app's secret "
                    + "(POST /v1/scan) or the face provider's (POST /v1/face-results). Older or newer than 300 s, a reused nonce or a wrong MAC: 401 bad_signature.",
            },
        };
        document.Security = [Requirement(document, BearerScheme)];
        return Task.CompletedTask;
    }

    public static Task DescribeAdmin(OpenApiDocument document)
    {
        Describe(document, [("Admin", "Operator calls: cluster, sharding, actors, sessions, registry, appeals, SMS/payment outboxes, erasure (admin token).")]);
        document.Info = new OpenApiInfo
        {
            Title = "RealName admin API",
            Version = "2",
            Description = "The operator's API on the admin listener (loopback by default), used by the ops CLI realname-ctl. Never served on the public listener.",
            Contact = new OpenApiContact { Name = "RealName", Url = new Uri("https://realname.dev/docs/api") },
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [AdminScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A named admin token (`RealName:AdminTokens`): `Authorization: Bearer <token>`; its name is recorded on every operator decision.",
            },
        };
        document.Security = [Requirement(document, AdminScheme)];
        return Task.CompletedTask;
    }

    public static async Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var method = context.Description.HttpMethod ?? "GET";
        var path = "/" + (context.Description.RelativePath ?? "").TrimStart('/');
        operation.OperationId = metadata.OfType<ContractOperation>().LastOrDefault()?.OperationId ?? OperationIdOf(method, path);
        operation.Summary ??= $"{method} {path}";
        if (metadata.OfType<MultipartFiles>().LastOrDefault() is { } files)
            operation.RequestBody = FilesBody(files.MaxFiles);

        var scope = metadata.OfType<RequiredScope>().LastOrDefault()?.Scope;
        var signed = metadata.OfType<SignedCallback>().LastOrDefault();
        var admin = context.Description.GroupName == OpenApiDocuments.AdminGroup;
        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDto), null, ct);
        if (signed is not null)
        {
            operation.Security = [Requirement(context.Document!, SignatureScheme)];
            operation.Description = Append(operation.Description, $"Signed with the {signed.Secret} (`X-RealName-Signature`).");
            AddProblem(operation, context.Document!, problem, 401);
        }
        else if (scope is not null)
        {
            operation.Description = Append(operation.Description, $"API key scope: `{scope}`.");
            AddProblem(operation, context.Document!, problem, 401, 403, 429);
        }
        else if (admin)
        {
            AddProblem(operation, context.Document!, problem, 401);
        }
        else
        {
            // Anonymous (probes): an empty requirement overrides the document's bearer default.
            operation.Security = [new OpenApiSecurityRequirement()];
        }

        if (scope is not null && method == "POST")
        {
            operation.Parameters ??= [];
            operation.Parameters.Where(p => p.Name == "Idempotency-Key").ToList().ForEach(p => operation.Parameters.Remove(p));
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = false,
                Description = operation.OperationId == "createSession"
                    ? "Up to 255 characters, unique per intended session, scoped to your API key. The key names the session: the same key with the same body (accountId, method, returnUrl) "
                      + "answers the session's first 201 again, status, Location and body, for as long as the session is kept (at least 24 h), on any node and after a restart, without spending a budget; "
                      + "with another body, 409 idempotency_conflict. A retry of a refused create (4xx) is decided again."
                    : "Up to 255 characters, unique per intended call, scoped to your API key. Kept 24 h: the same key with the same request (path and body) answers the first answer again, status, headers and body, through any node once you have it; with another request, 409 idempotency_conflict; while the first still runs, 409 idempotency_in_progress (Retry-After).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            });
        }
        ContractExamples.Apply(operation);
    }

    /// <summary>
    /// What a request must carry. The generator requires every constructor parameter, but request
    /// fields are nullable on purpose (a missing one is our <c>invalid_request</c>) and the identity
    /// step's fields depend on the method.
    /// </summary>
    private static readonly Dictionary<Type, string[]> RequiredRequestFields = new()
    {
        [typeof(CreateSessionRequest)] = ["accountId", "method"],
        [typeof(IdentityRequest)] = [],
        [typeof(CodeRequest)] = ["code"],
        [typeof(AmountRequest)] = ["amount", "remark"],
        [typeof(ScanRequest)] = ["token", "appUserId"],
        [typeof(FaceResultRequest)] = ["bizToken", "passed", "similarity", "liveness"],
        [typeof(AppealRequest)] = ["accountId", "name", "idNumber", "contact", "reason"],
        [typeof(AppealDecisionRequest)] = ["reason"],
    };

    public static Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = context.JsonTypeInfo.Type;
        if (RequiredRequestFields.TryGetValue(type, out var required))
            schema.Required = new HashSet<string>(required);
        if (type == typeof(CreateSessionRequest))
            SetEnum(schema, "method", Enum.GetValues<VerificationMethod>().Select(m => m.WireName()).ToList());
        if (type == typeof(ProblemDto))
        {
            SetEnum(schema, "code", ProblemCodes);
            SetEnum(schema, "budget", Http.RateLimits.RateLimiting.BudgetNames);
            schema.Required = new HashSet<string> { "type", "title", "status", "detail", "code" };
        }
        else if (type == typeof(SessionDto))
        {
            SetEnum(schema, "status", Enum.GetValues<SessionStatus>().Select(s => s.WireName()).ToList());
            SetEnum(schema, "method", Enum.GetValues<VerificationMethod>().Select(m => m.WireName()).ToList());
            SetEnum(schema, "subject", ["personal", "enterprise"]);
            schema.Required = new HashSet<string> { "id", "accountId", "subject", "method", "status", "createdAt", "expiresAt" };
        }
        else if (type == typeof(ErrorDto))
        {
            SetEnum(schema, "code", ProblemCodes);
        }
        return Task.CompletedTask;
    }

    /// <summary>Tag descriptions, and server URLs without the trailing slash the generator leaves.</summary>
    private static void Describe(OpenApiDocument document, (string Name, string Description)[] tags)
    {
        document.Tags = new HashSet<OpenApiTag>(tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        foreach (var server in document.Servers ?? [])
            server.Url = server.Url?.TrimEnd('/');
    }

    private static void SetEnum(OpenApiSchema schema, string property, IReadOnlyList<string> values)
    {
        if (schema.Properties?.TryGetValue(property, out var found) == true && found is OpenApiSchema target)
            target.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
    }

    private static void AddProblem(OpenApiOperation operation, OpenApiDocument document, OpenApiSchema problem, params int[] statuses)
    {
        operation.Responses ??= new OpenApiResponses();
        foreach (var status in statuses)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses.ContainsKey(key))
                continue;
            operation.Responses[key] = new OpenApiResponse
            {
                Description = status switch { 401 => "Unauthorized", 403 => "Forbidden", 429 => "Too Many Requests", _ => "Error" },
                Content = new Dictionary<string, OpenApiMediaType> { [ContractMetadataExtensions.ProblemContentType] = new() { Schema = problem } },
            };
        }
    }

    private static OpenApiSecurityRequirement Requirement(OpenApiDocument document, string scheme) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static string Append(string? description, string line) => string.IsNullOrEmpty(description) ? line : description + "\n\n" + line;

    /// <summary><c>GET /admin/cluster/members</c> → <c>getAdminClusterMembers</c>; only for routes that name none.</summary>
    private static string OperationIdOf(string method, string path)
    {
        var words = path.Split('/', '-', '.', '{', '}').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]);
        return method.ToLowerInvariant() + string.Concat(words);
    }

    /// <summary>Files as named binary parts (<c>file</c>, <c>file2</c>, …): the server takes any part name; an array of binaries trips client generators.</summary>
    private static OpenApiRequestBody FilesBody(int maxFiles) => new()
    {
        Required = true,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "file" },
                    Properties = Enumerable.Range(1, maxFiles).ToDictionary(
                        i => i == 1 ? "file" : "file" + i,
                        i => (IOpenApiSchema)new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = i == 1 ? "A JPEG, PNG or PDF file." : "Another file (optional)." }),
                },
            },
        },
    };
}
