using System.Net;
using System.Text;
using System.Text.Json;
using RealName.Client;

namespace RealName.Abuse.Tests.Infrastructure;

/// <summary>The public calls the abuse specs make against an <see cref="AbuseNode"/> through a client of their own: JSON posts, signed callbacks, a face session up to its QR.</summary>
public static class NodeCalls
{
    public const string AppSecret = RealNameNode.AppSecret;
    public const string FaceSecret = RealNameNode.FaceSecret;

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
        using var identity = await client.Api().SubmitIdentityAsync(id, TestData.Name, idNumber);
        Assert.Equal(HttpStatusCode.OK, identity.StatusCode);
        return (id, ApiAnswers.QrToken(JsonDocument.Parse(await identity.Content.ReadAsStringAsync()).RootElement));
    }

    /// <summary>A callback signed now (by the node's clock) with a fresh nonce.</summary>
    public static Task<HttpResponseMessage> PostSignedAsync(this HttpClient client, RealNameNode node, string path, string json, string secret) =>
        client.Api(node.Time).PostSignedAsync(path, Encoding.UTF8.GetBytes(json), secret);

    public static Task<HttpResponseMessage> PostWithSignatureAsync(this HttpClient client, string path, byte[] body, string signature) =>
        client.Api().PostWithSignatureAsync(path, body, signature);
}
