using System.Text.Json;
using System.Text.Json.Serialization;
using RealName.Contracts;
using RealName.Contracts.Appeals;
using RealName.Host.Configuration;
using RealName.Host.Http;

namespace RealName.Host;

/// <summary>Source-generated JSON for the HTTP contract (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(IdentityRequest))]
[JsonSerializable(typeof(CodeRequest))]
[JsonSerializable(typeof(AmountRequest))]
[JsonSerializable(typeof(AppealRequest))]
[JsonSerializable(typeof(AppealDto))]
[JsonSerializable(typeof(AppealPageDto))]
[JsonSerializable(typeof(SessionPageDto))]
[JsonSerializable(typeof(ScanRequest))]
[JsonSerializable(typeof(FaceResultRequest))]
[JsonSerializable(typeof(SessionDto))]
[JsonSerializable(typeof(ScanAnswer))]
[JsonSerializable(typeof(AccountVerificationDto))]
[JsonSerializable(typeof(HealthDto))]
[JsonSerializable(typeof(ProblemDto))]
[JsonSerializable(typeof(DevKeys))]
[JsonSerializable(typeof(RealName.Host.Banks.BanksDto))]
[JsonSerializable(typeof(EvidenceListDto))]
internal sealed partial class HostJsonContext : JsonSerializerContext;

/// <summary>
/// JSON text the node keeps and sends later (read-model rows, so list items and webhook objects; the session event
/// stream), written as its HTTP answers are: the contract's types, non-ASCII text as UTF-8 rather than <c>\u</c> escapes
/// (ASP.NET's encoder for response bodies), so an item reads the same in a list, a webhook and a GET.
/// </summary>
internal static class HostJson
{
    private static readonly JsonSerializerOptions Wire = new(HostJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = HostJsonContext.Default,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Wire.GetTypeInfo(typeof(T)));

    /// <summary>A document built or edited as nodes (a webhook's envelope, an erased row), written the same way.</summary>
    public static string Text(System.Text.Json.Nodes.JsonNode node) => node.ToJsonString(Wire);
}
