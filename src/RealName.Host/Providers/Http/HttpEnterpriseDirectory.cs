using RealName.Actors.Providers;
using RealName.Domain.Sessions;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The group's enterprise directory over HTTP (<see cref="VendorWire"/>: <c>GET v1/enterprises/by-cloud/{id}</c>
/// on the <c>Directory</c> vendor; 404 means none), with its own resilience pipeline. An answer
/// without a subject type, name or credit code is malformed; an outage throws <see cref="ProviderUnavailableException"/>.
/// </summary>
public sealed class HttpEnterpriseDirectory(HttpClient http) : IEnterpriseDirectory
{
    internal const string Provider = "enterprise directory";

    public async Task<LinkedEnterpriseRecord?> LinkedToAsync(string cloudAccountId, CancellationToken cancellationToken)
    {
        var answer = await VendorCall.GetRecordAsync(http, VendorWire.LinkedEnterprisePath(cloudAccountId), VendorJsonContext.Default.EnterpriseAnswer, Provider, cancellationToken);
        if (answer is null)
            return null;
        return answer is { EnterpriseName.Length: > 0, CreditCode.Length: > 0 } && SubjectTypes.TryParse(answer.SubjectType, out var type)
            ? new LinkedEnterpriseRecord(type, answer.EnterpriseName, answer.CreditCode, answer.Verified)
            : throw VendorCall.Malformed(Provider);
    }
}
