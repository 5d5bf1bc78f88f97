using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
using RealName.Host.Http;

namespace RealName.Host.Pages;

/// <summary>
/// Sandbox only: a page that plays the platform's mobile app and the face provider, so a person
/// can finish a QR flow with two browser tabs. It opens the scan URL (<c>/m/scan?t=…</c>, the text
/// of the QR), and its buttons make the server send the real signed callbacks — <c>POST /v1/scan</c>
/// with the app secret (answered with the face check's <c>bizToken</c>), <c>POST /v1/face-results</c>
/// for that <c>bizToken</c> with the face secret — over HTTP to this node's own public listener, so
/// they take exactly the path a real app's and the sandbox face provider's would.
/// </summary>
public static class AppStandIn
{
    public const string ClientName = "realname-app-stand-in";
    public const string AppUserId = "sandbox_app_user";

    /// <summary>
    /// Whether a node with <paramref name="options"/> serves the stand-in: sandbox providers and both
    /// sandbox callback secrets, never the production profile. With a real secret, an unauthenticated
    /// page that signs with it would let anyone forge that callback; elsewhere <c>/m/…</c> is an unknown path (404).
    /// </summary>
    public static bool IsServed(RealNameOptions options) =>
        !options.IsProduction
        && options.Providers.IsSandbox
        && options.AppSecret == SandboxCredentials.AppSecret
        && options.FaceSecret == SandboxCredentials.FaceSecret;

    public static IEndpointRouteBuilder MapAppStandIn(this IEndpointRouteBuilder app)
    {
        app.MapGet("/m/scan", (HttpResponse response) =>
        {
            response.Headers.CacheControl = "no-store";
            return PageAssets.Serve("app.html", response);
        }).ExcludeFromDescription();
        app.MapPost("/m/api/scan", Scan).ExcludeFromDescription();
        app.MapPost("/m/api/face", Face).ExcludeFromDescription();
        return app;
    }

    public static async Task<IResult> Scan(HttpRequest request, Forwarder forwarder, IOptions<RealNameOptions> options)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, PagesJsonContext.Default.StandInRequest);
        if (problem is not null)
            return problem;
        var callback = JsonSerializer.SerializeToUtf8Bytes(new ScanRequest(body!.Token, AppUserId), HostJsonContext.Default.ScanRequest);
        return await forwarder.PostSignedAsync("/v1/scan", callback, options.Value.AppSecret, request.HttpContext.RequestAborted);
    }

    public static async Task<IResult> Face(HttpRequest request, Forwarder forwarder, IOptions<RealNameOptions> options)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, PagesJsonContext.Default.StandInRequest);
        if (problem is not null)
            return problem;
        var (passed, reason) = body!.Outcome switch
        {
            "pass" => (true, (string?)null),
            ErrorCodes.FaceMismatch or ErrorCodes.LivenessFailed => (false, body.Outcome),
            _ => (false, ""),
        };
        if (reason == "")
            return Problems.Invalid("outcome must be pass, face_mismatch or liveness_failed.");
        var liveness = reason != ErrorCodes.LivenessFailed;
        var result = new FaceResultRequest(body.BizToken, passed, passed ? 0.93 : 0.12, liveness, "sandbox_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        var callback = JsonSerializer.SerializeToUtf8Bytes(result, HostJsonContext.Default.FaceResultRequest);
        return await forwarder.PostSignedAsync("/v1/face-results", callback, options.Value.FaceSecret, request.HttpContext.RequestAborted);
    }

    /// <summary>Signs a callback at the node's clock and posts it to the node's own public listener; relays the answer as it came.</summary>
    public sealed class Forwarder(IHttpClientFactory clients, IServer server, TimeProvider clock)
    {
        public async Task<IResult> PostSignedAsync(string path, byte[] body, string secret, CancellationToken ct)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(SelfAddress(), path)) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
            message.Headers.TryAddWithoutValidation(CallbackSignature.Header, CallbackSignature.BuildHeader(secret, clock.GetUtcNow().ToUnixTimeSeconds(), nonce, body));
            using var answer = await clients.CreateClient(ClientName).SendAsync(message, ct);
            var text = await answer.Content.ReadAsStringAsync(ct);
            return Results.Content(text, answer.Content.Headers.ContentType?.ToString() ?? "application/json", Encoding.UTF8, (int)answer.StatusCode);
        }

        /// <summary>The public listener, the first Kestrel bound; a wildcard bind is reached on loopback.</summary>
        private Uri SelfAddress()
        {
            var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("Kestrel reported no bound address.");
            var uri = new UriBuilder(bound);
            if (uri.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*")
                uri.Host = "127.0.0.1";
            return uri.Uri;
        }
    }
}

/// <summary>What the stand-in page asks: the scanned token, or, for the face step, the scan's face check and the chosen outcome.</summary>
public sealed record StandInRequest(string? Token, string? Outcome, string? BizToken = null);
