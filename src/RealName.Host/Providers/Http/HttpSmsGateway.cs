using System.Net.Http.Json;
using RealName.Actors.Providers;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The SMS gateway over HTTP (<see cref="VendorWire"/>: <c>POST v1/sms</c> → 202). Each message
/// carries a fresh <c>Idempotency-Key</c>, repeated on the pipeline's retries, so a retry after a
/// lost answer does not text the user twice. An outage throws <see cref="ProviderUnavailableException"/>.
/// </summary>
public sealed class HttpSmsGateway(HttpClient http) : ISmsGateway
{
    internal const string Provider = "SMS gateway";

    public async Task SendAsync(string phone, string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, VendorWire.SmsPath)
        {
            Content = JsonContent.Create(new VendorWire.SmsRequest(phone, text), VendorJsonContext.Default.SmsRequest),
        };
        request.Headers.Add(VendorWire.IdempotencyKeyHeader, Guid.NewGuid().ToString("N"));
        using var response = await VendorCall.SendAsync(http, request, Provider, cancellationToken);
        VendorCall.EnsureAnswered(response, Provider);
    }
}
