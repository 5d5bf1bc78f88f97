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
