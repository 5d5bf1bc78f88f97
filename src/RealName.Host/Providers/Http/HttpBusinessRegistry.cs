using RealName.Actors.Providers;
using RealName.Domain.Sessions;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The business registry over HTTP (<see cref="VendorWire"/>: <c>POST v1/enterprise/check</c> →
/// <c>{result: match|mismatch}</c>). An outage throws <see cref="ProviderUnavailableException"/>;
/// the session answers <c>503 provider_unavailable</c> and stays open for a retry.
/// </summary>
public sealed class HttpBusinessRegistry(HttpClient http) : IBusinessRegistry
{
    internal const string Provider = "business registry";

    public async Task<bool> ConfirmsAsync(SubjectType subjectType, string enterpriseName, string creditCode, string? legalPersonName, string? legalPersonIdNumber, CancellationToken cancellationToken) =>
        await VendorCall.CheckAsync(http, VendorWire.EnterpriseCheckPath,
                new VendorWire.EnterpriseCheckRequest(subjectType.WireName(), enterpriseName, creditCode, legalPersonName, legalPersonIdNumber),
                VendorJsonContext.Default.EnterpriseCheckRequest, Provider, cancellationToken) switch
        {
            VendorWire.Match => true,
            VendorWire.Mismatch => false,
            _ => throw VendorCall.Malformed(Provider),
        };
}
