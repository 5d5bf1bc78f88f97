using RealName.Actors.Providers;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The identity authority over HTTP (<see cref="VendorWire"/>: <c>POST v1/identity/check</c>).
/// An outage throws <see cref="ProviderUnavailableException"/> rather than answering
/// <see cref="IdentityCheckOutcome.Unavailable"/>: the session turns both into the same persisted,
/// retryable <c>provider_unavailable</c> refusal, and the exception keeps the cause for diagnosis.
/// </summary>
public sealed class HttpIdentityAuthority(HttpClient http) : IIdentityAuthority
{
    internal const string Provider = "identity authority";

    public async Task<IdentityCheckOutcome> CheckAsync(string name, string idNumber, CancellationToken cancellationToken) =>
        await VendorCall.CheckAsync(http, VendorWire.IdentityCheckPath, new VendorWire.IdentityCheckRequest(name, idNumber),
            VendorJsonContext.Default.IdentityCheckRequest, Provider, cancellationToken) switch
        {
            VendorWire.Match => IdentityCheckOutcome.Match,
            VendorWire.Mismatch => IdentityCheckOutcome.Mismatch,
            _ => throw VendorCall.Malformed(Provider),
        };
}
