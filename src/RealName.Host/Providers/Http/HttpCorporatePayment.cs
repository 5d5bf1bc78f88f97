using System.Net.Http.Json;
using RealName.Actors.Providers;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The corporate micro-payment over HTTP (<see cref="VendorWire"/>: <c>POST v1/payments</c> → 202),
/// with an <c>Idempotency-Key</c> repeated on retries so a lost answer never pays twice.
/// </summary>
public sealed class HttpCorporatePayment(HttpClient http) : ICorporatePayment
{
    internal const string Provider = "corporate payment";

    public async Task SendAsync(string bankName, string accountNumber, int amountFen, string remark, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, VendorWire.PaymentPath)
        {
            Content = JsonContent.Create(new VendorWire.PaymentRequest(bankName, accountNumber, amountFen, remark), VendorJsonContext.Default.PaymentRequest),
        };
        request.Headers.Add(VendorWire.IdempotencyKeyHeader, Guid.NewGuid().ToString("N"));
        using var response = await VendorCall.SendAsync(http, request, Provider, cancellationToken);
        VendorCall.EnsureAnswered(response, Provider);
    }
}
