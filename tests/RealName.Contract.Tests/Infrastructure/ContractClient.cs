using System.Net.Http.Headers;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using RealName.Contract.Client;
using RealName.Host.Http;

namespace RealName.Contract.Tests.Infrastructure;

/// <summary>
/// The generated client, wired as an integrator would: the API key on frontend calls and the
/// <c>X-RealName-Signature</c> on the two callbacks, computed over the exact bytes Kiota sends.
/// </summary>
public static class ContractClient
{
    public static RealNameClient For(RealNameNode node)
    {
        var http = new HttpClient(new Credentials(node)) { BaseAddress = node.BaseAddress };
        return new RealNameClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = node.BaseAddress.ToString().TrimEnd('/'),
        });
    }

    private sealed class Credentials(RealNameNode node) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var secret = request.RequestUri!.AbsolutePath switch
            {
                "/v1/scan" => RealNameNode.AppSecret,
                "/v1/face-results" => RealNameNode.FaceSecret,
                _ => null,
            };
            if (secret is null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", RealNameNode.ApiKey);
            }
            else
            {
                var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(ct);
                request.Headers.TryAddWithoutValidation(CallbackSignature.Header, node.Sign(secret, body));
            }
            return await base.SendAsync(request, ct);
        }
    }
}
