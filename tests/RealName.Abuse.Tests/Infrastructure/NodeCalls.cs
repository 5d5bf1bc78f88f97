using System.Net;
using System.Text;
using System.Text.Json;
using RealName.Host.Http;

namespace RealName.Abuse.Tests.Infrastructure;

/// <summary>The public calls the abuse specs make against an <see cref="AbuseNode"/>: JSON posts, signed callbacks, a face session up to its QR.</summary>
public static class NodeCalls
{
    public const string AppSecret = "rn_test_app_secret";
    public const string FaceSecret = "rn_test_face_secret";

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> CreateSessionAsync(this HttpClient client, string account, string method = "face") =>
        client.PostJsonAsync("/v1/sessions", $$"""{"accountId":"{{account}}","method":"{{method}}"}""");

    public static async Task<JsonElement> CreateSessionJsonAsync(this HttpClient client, string account, string method = "face")
    {
        using var created = await client.CreateSessionAsync(account, method);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>A face session with its identity submitted: its id and the QR token from the answer's scan URL.</summary>
    public static async Task<(string Id, string Token)> AwaitingScanAsync(this HttpClient client, string account, string idNumber)
    {
        var id = (await client.CreateSessionJsonAsync(account)).GetProperty("id").GetString()!;
        using var identity = await client.PostJsonAsync($"/v1/sessions/{id}/identity", $$"""{"name":"张三","idNumber":"{{idNumber}}"}""");
        Assert.Equal(HttpStatusCode.OK, identity.StatusCode);
        var scanUrl = JsonDocument.Parse(await identity.Content.ReadAsStringAsync()).RootElement.GetProperty("qr").GetProperty("scanUrl").GetString()!;
        return (id, Uri.UnescapeDataString(scanUrl[(scanUrl.IndexOf("t=", StringComparison.Ordinal) + 2)..]));
    }

    /// <summary>A callback signed now (by the node's clock) with a fresh nonce.</summary>
    public static Task<HttpResponseMessage> PostSignedAsync(this HttpClient client, AbuseNode node, string path, string json, string secret)
    {
        var body = Encoding.UTF8.GetBytes(json);
        return client.PostWithSignatureAsync(path, body, CallbackSignature.BuildHeader(secret, node.Clock.GetUtcNow().ToUnixTimeSeconds(), Guid.NewGuid().ToString("N"), body));
    }

    public static async Task<HttpResponseMessage> PostWithSignatureAsync(this HttpClient client, string path, byte[] body, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation(CallbackSignature.Header, signature);
        return await client.SendAsync(request);
    }
}
