using System.Net;
using System.Net.Http.Json;
using RealName.Actors.Providers;

namespace RealName.Host.Providers.Http;

/// <summary>
/// The face provider over HTTP (<see cref="VendorWire"/>): <c>POST v1/face/checks</c> starts a check
/// for exactly the session's identity, and a result callback is only a wake-up — the verdict is
/// fetched with <c>GET v1/face/checks/{bizToken}</c>, so a forged or altered callback body decides nothing.
/// An outage throws <see cref="ProviderUnavailableException"/>.
/// </summary>
public sealed class HttpFaceVerifier(HttpClient http) : IFaceVerifier
{
    internal const string Provider = "face";

    public async Task<FaceCheckTicket> StartAsync(string name, string idNumber, string reference, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, VendorWire.FaceChecksPath)
        {
            Content = JsonContent.Create(new VendorWire.FaceCheckRequest(name, idNumber, reference), VendorJsonContext.Default.FaceCheckRequest),
        };
        using var response = await VendorCall.SendAsync(http, request, Provider, cancellationToken);
        VendorCall.EnsureAnswered(response, Provider);
        var started = await VendorCall.ReadAsync(response, VendorJsonContext.Default.FaceCheckStarted, Provider, cancellationToken);
        return started is { BizToken: { Length: > 0 and <= 256 } bizToken, ExpiresAt: { } expiresAt }
            ? new FaceCheckTicket(bizToken, expiresAt)
            : throw VendorCall.Malformed(Provider);
    }

    /// <summary>The provider's own verdict for the callback's <c>bizToken</c>; the callback's other fields are ignored.</summary>
    public async Task<FaceVerdict?> VerdictAsync(FaceCallback callback, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, VendorWire.FaceCheckPath(callback.BizToken));
        using var response = await VendorCall.SendAsync(http, request, Provider, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        VendorCall.EnsureAnswered(response, Provider);
        var answer = await VendorCall.ReadAsync(response, VendorJsonContext.Default.FaceCheckAnswer, Provider, cancellationToken);
        if (answer.BizToken != callback.BizToken || string.IsNullOrEmpty(answer.Reference))
            throw VendorCall.Malformed(Provider);
        // A check still pending has no verdict yet: the wake-up came too early, nothing to decide.
        if (answer.Status != VendorWire.Completed)
            return null;
        return answer is { Passed: { } passed, Similarity: { } similarity, Liveness: { } liveness } && !double.IsNaN(similarity)
            ? new FaceVerdict(answer.BizToken, answer.Reference, passed, similarity, liveness, answer.ProviderRef ?? "")
            : throw VendorCall.Malformed(Provider);
    }
}
