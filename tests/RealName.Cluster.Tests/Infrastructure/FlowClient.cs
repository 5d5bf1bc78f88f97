using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealName.Host.Http;

namespace RealName.Cluster.Tests.Infrastructure;

/// <summary>Drives P1 over HTTP like the frontend, the app and the face provider would, retrying what is safe to retry.</summary>
public static class FlowClient
{
    public const string Name = "张三";

    public static async Task<string> CreateAsync(HttpClient client, string accountId)
    {
        using var response = await client.PostAsJsonAsync("/v1/sessions", new { accountId, method = "face" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    /// <summary>Submits the identity; returns the QR token from the answer's scan URL.</summary>
    public static async Task<string> SubmitAsync(HttpClient client, string sessionId, string idNumber)
    {
        using var response = await client.PostAsJsonAsync($"/v1/sessions/{sessionId}/identity", new { name = Name, idNumber });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"identity: {(int)response.StatusCode} {body}");
        var scanUrl = JsonNode.Parse(body)!["qr"]!["scanUrl"]!.GetValue<string>();
        return Uri.UnescapeDataString(scanUrl[(scanUrl.IndexOf("t=", StringComparison.Ordinal) + 2)..]);
    }

    /// <summary>The face check each scan started, by QR token (the app keeps the bizToken its scan answered).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> BizTokens = new();

    public static async Task<HttpResponseMessage> ScanAsync(HttpClient client, string token)
    {
        var response = await PostSignedAsync(client, "/v1/scan", "rn_test_app_secret", JsonSerializer.Serialize(new { token, appUserId = "app_user" }));
        if (response.IsSuccessStatusCode && JsonNode.Parse(await response.Content.ReadAsStringAsync())?["face"]?["bizToken"]?.GetValue<string>() is { } bizToken)
            BizTokens[token] = bizToken;
        return response;
    }

    /// <summary>A passing face result for the check the scan of <paramref name="token"/> started.</summary>
    public static Task<HttpResponseMessage> FaceAsync(HttpClient client, string token, CancellationToken cancel = default) =>
        PostSignedAsync(client, "/v1/face-results", "rn_test_face_secret",
            JsonSerializer.Serialize(new { bizToken = BizTokens.GetValueOrDefault(token, token), passed = true, similarity = 0.95, liveness = true, providerRef = "face" }), cancel);

    public static async Task<HttpResponseMessage> PostSignedAsync(HttpClient client, string path, string secret, string json, CancellationToken cancel = default)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var header = CallbackSignature.BuildHeader(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Guid.NewGuid().ToString("N"), bytes);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Headers.Add(CallbackSignature.Header, header);
        return await client.SendAsync(request, cancel);
    }

    public static async Task<JsonNode?> GetSessionAsync(HttpClient client, string sessionId, CancellationToken cancel = default)
    {
        using var response = await client.GetAsync($"/v1/sessions/{sessionId}", cancel);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cancel)) : null;
    }

    public static async Task<JsonNode?> GetAccountAsync(HttpClient client, string accountId)
    {
        using var response = await client.GetAsync($"/v1/accounts/{accountId}/verification");
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    /// <summary>A valid test ID number: region 110105, a birth date, the given sequence, and its check character.</summary>
    public static string IdNumber(int n)
    {
        var body = $"1101051990{1 + n / 28 % 12:D2}{1 + n % 28:D2}{n % 997:D3}";
        return body + RealName.Domain.Identities.IdNumber.ComputeCheckCharacter(body);
    }
}
