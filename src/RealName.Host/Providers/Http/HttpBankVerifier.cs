using RealName.Actors.Providers;
using RealName.Domain.Sessions;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The bank's 4-factor check over HTTP (<see cref="VendorWire"/>: <c>POST v1/bank/check</c>).
/// An outage throws <see cref="ProviderUnavailableException"/>; the SMS code stays valid for a retry.
/// </summary>
public sealed class HttpBankVerifier(HttpClient http) : IBankVerifier
{
    internal const string Provider = "bank";

    public async Task<FactorOutcome> CheckAsync(string name, string idNumber, string bankCard, string phone, CancellationToken cancellationToken) =>
        HttpFactorOutcomes.From(await VendorCall.CheckAsync(http, VendorWire.BankCheckPath, new VendorWire.BankCheckRequest(name, idNumber, bankCard, phone),
            VendorJsonContext.Default.BankCheckRequest, Provider, cancellationToken), Provider);
}
