using System.Text.Json;
using System.Text.Json.Serialization;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The JSON wire protocol RealName speaks with real vendors, one base URL per provider (paths are
/// relative to it; <c>Authorization: Bearer &lt;ApiKey&gt;</c> when a key is configured):
/// <list type="bullet">
/// <item><c>POST v1/identity/check {name, idNumber}</c> → 200 <c>{result: "match"|"mismatch"}</c></item>
/// <item><c>POST v1/carrier/check {name, idNumber, phone}</c> → 200 <c>{result: "match"|"mismatch"|"risk"}</c></item>
/// <item><c>POST v1/bank/check {name, idNumber, bankCard, phone}</c> → 200 <c>{result: "match"|"mismatch"|"risk"}</c></item>
/// <item><c>GET v1/accounts/by-cloud/{cloudAccountId}</c> and <c>GET v1/accounts/{groupAccount}</c> → 404 (none) or
/// 200 <c>{account, verified, name?, idNumber?, phone?}</c></item>
/// <item><c>GET v1/enterprises/by-cloud/{cloudAccountId}</c> (on the directory's base URL) → 404 (none) or
/// 200 <c>{subjectType: "enterprise"|"individual_business", enterpriseName, creditCode, verified}</c></item>
/// <item><c>POST v1/sms {phone, text}</c> with an <c>Idempotency-Key</c> header (the same on every retry of one
/// message, so the vendor sends it once) → 202</item>
/// <item><c>POST v1/enterprise/check {subjectType, enterpriseName, creditCode, legalPersonName?, legalPersonIdNumber?}</c> → 200 <c>{result}</c>;
/// <c>POST v1/payments {bankName, accountNumber, amountFen, remark}</c> with an <c>Idempotency-Key</c> → 202</item>
/// <item><c>POST v1/face/checks {name, idNumber, reference}</c> → 200 <c>{bizToken, expiresAt}</c>: a face check bound to
/// exactly this identity; <c>GET v1/face/checks/{bizToken}</c> → 404 (unknown) or 200
/// <c>{bizToken, reference, status: "pending"|"completed", passed, similarity, liveness, providerRef}</c></item>
/// </list>
/// Any other answer — a timeout, a transport error, another status, a body that does not parse or
/// an unknown <c>result</c> — is an outage: <c>503 provider_unavailable</c>, and the session stays retryable.
/// </summary>
internal static class VendorWire
{
    public const string IdentityCheckPath = "v1/identity/check";
    public const string CarrierCheckPath = "v1/carrier/check";
    public const string BankCheckPath = "v1/bank/check";
    public const string SmsPath = "v1/sms";
    public const string EnterpriseCheckPath = "v1/enterprise/check";
    public const string PaymentPath = "v1/payments";
    public const string FaceChecksPath = "v1/face/checks";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    public const string Completed = "completed";

    public const string Match = "match";
    public const string Mismatch = "mismatch";
    public const string Risk = "risk";

    public static string LinkedAccountPath(string cloudAccountId) => "v1/accounts/by-cloud/" + Uri.EscapeDataString(cloudAccountId);

    public static string LinkedEnterprisePath(string cloudAccountId) => "v1/enterprises/by-cloud/" + Uri.EscapeDataString(cloudAccountId);

    public static string AccountPath(string groupAccount) => "v1/accounts/" + Uri.EscapeDataString(groupAccount);

    public static string FaceCheckPath(string bizToken) => FaceChecksPath + "/" + Uri.EscapeDataString(bizToken);

    public sealed record IdentityCheckRequest(string Name, string IdNumber);

    public sealed record CarrierCheckRequest(string Name, string IdNumber, string Phone);

    public sealed record BankCheckRequest(string Name, string IdNumber, string BankCard, string Phone);

    public sealed record SmsRequest(string Phone, string Text);

    public sealed record EnterpriseCheckRequest(string SubjectType, string EnterpriseName, string CreditCode, string? LegalPersonName, string? LegalPersonIdNumber);

    public sealed record PaymentRequest(string BankName, string AccountNumber, int AmountFen, string Remark);

    public sealed record FaceCheckRequest(string Name, string IdNumber, string Reference);

    public sealed record FaceCheckStarted(string? BizToken, DateTimeOffset? ExpiresAt);

    public sealed record FaceCheckAnswer(string? BizToken, string? Reference, string? Status, bool? Passed, double? Similarity, bool? Liveness, string? ProviderRef);

    public sealed record CheckAnswer(string? Result);

    public sealed record AccountAnswer(string? Account, bool Verified, string? Name, string? IdNumber, string? Phone);

    public sealed record EnterpriseAnswer(string? SubjectType, string? EnterpriseName, string? CreditCode, bool Verified);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(VendorWire.IdentityCheckRequest))]
[JsonSerializable(typeof(VendorWire.CarrierCheckRequest))]
[JsonSerializable(typeof(VendorWire.BankCheckRequest))]
[JsonSerializable(typeof(VendorWire.SmsRequest))]
[JsonSerializable(typeof(VendorWire.EnterpriseCheckRequest))]
[JsonSerializable(typeof(VendorWire.PaymentRequest))]
[JsonSerializable(typeof(VendorWire.FaceCheckRequest))]
[JsonSerializable(typeof(VendorWire.FaceCheckStarted))]
[JsonSerializable(typeof(VendorWire.FaceCheckAnswer))]
[JsonSerializable(typeof(VendorWire.CheckAnswer))]
[JsonSerializable(typeof(VendorWire.AccountAnswer))]
[JsonSerializable(typeof(VendorWire.EnterpriseAnswer))]
internal sealed partial class VendorJsonContext : JsonSerializerContext;
