using System.Text.Json;
using System.Text.Json.Serialization;
using RealName.Contracts.Accounts;
using RealName.Contracts.Admin;
using RealName.Contracts.Appeals;
using RealName.Contracts.Providers;
using RealName.Contracts.Webhooks;

namespace RealName.Contracts;

/// <summary>
/// The one JSON spelling of these contracts (web defaults: camelCase names, nulls written), source
/// generated: the node serializes its admin answers with it and the CLI reads them with it.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProblemDto))]
[JsonSerializable(typeof(ClusterMembersDto))]
[JsonSerializable(typeof(ClusterStatusDto))]
[JsonSerializable(typeof(ClusterLeaderDto))]
[JsonSerializable(typeof(AddressRequest))]
[JsonSerializable(typeof(ClusterActionDto))]
[JsonSerializable(typeof(ClusterEventDto))]
[JsonSerializable(typeof(ShardRegionsDto))]
[JsonSerializable(typeof(RegionStatsDto))]
[JsonSerializable(typeof(ShardStatsDto))]
[JsonSerializable(typeof(RegionEntitiesDto))]
[JsonSerializable(typeof(RecentLogDto))]
[JsonSerializable(typeof(ActorHierarchyDto))]
[JsonSerializable(typeof(SessionInspectDto))]
[JsonSerializable(typeof(RegistryLookupRequest))]
[JsonSerializable(typeof(RegistryLookupDto))]
[JsonSerializable(typeof(RegistryStatsDto))]
[JsonSerializable(typeof(ErasureDto))]
[JsonSerializable(typeof(AppealDecisionRequest))]
[JsonSerializable(typeof(AppealDto))]
[JsonSerializable(typeof(AppealListDto))]
[JsonSerializable(typeof(EvidenceListDto))]
[JsonSerializable(typeof(SmsOutboxDto))]
[JsonSerializable(typeof(PaymentOutboxDto))]
[JsonSerializable(typeof(AddWebhookRequest))]
[JsonSerializable(typeof(WebhookSecretDto))]
[JsonSerializable(typeof(WebhookActionDto))]
[JsonSerializable(typeof(WebhookEndpointListDto))]
[JsonSerializable(typeof(WebhookDeliveryPage))]
public sealed partial class ContractJsonContext : JsonSerializerContext;
