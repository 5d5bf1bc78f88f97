using RealName.Actors.Providers;
using RealName.Domain.Sessions;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The mobile carrier's 3-factor check over HTTP (<see cref="VendorWire"/>: <c>POST v1/carrier/check</c>).
/// An outage throws <see cref="ProviderUnavailableException"/>; the session answers
/// <c>503 provider_unavailable</c> and the SMS code stays valid for a retry.
/// </summary>
public sealed class HttpCarrier(HttpClient http) : ICarrier
{
    internal const string Provider = "carrier";

    public async Task<FactorOutcome> CheckAsync(string name, string idNumber, string phone, CancellationToken cancellationToken) =>
        HttpFactorOutcomes.From(await VendorCall.CheckAsync(http, VendorWire.CarrierCheckPath, new VendorWire.CarrierCheckRequest(name, idNumber, phone),
            VendorJsonContext.Default.CarrierCheckRequest, Provider, cancellationToken), Provider);
}

/// <summary>The <c>result</c> words of the carrier's and the bank's checks.</summary>
internal static class HttpFactorOutcomes
{
    public static FactorOutcome From(string result, string provider) => result switch
    {
        VendorWire.Match => FactorOutcome.Passed,
        VendorWire.Mismatch => FactorOutcome.Mismatch,
        VendorWire.Risk => FactorOutcome.Risk,
        _ => throw VendorCall.Malformed(provider),
    };
}
