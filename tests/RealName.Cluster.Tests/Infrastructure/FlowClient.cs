using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RealName.Client;

namespace RealName.Cluster.Tests.Infrastructure;

/// <summary>Drives P1 over HTTP through the typed API client, asserting each step and keeping each scan's face check.</summary>
public static class FlowClient
{
    public const string Name = "张三";

    public static async Task<string> CreateAsync(HttpClient client, string accountId)
    {
        using var response = await client.Api().CreateSessionAsync(accountId);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    /// <summary>Submits the identity; returns the QR token from the answer's scan URL.</summary>
    public static async Task<string> SubmitAsync(HttpClient client, string sessionId, string idNumber)
    {
        using var response = await client.Api().SubmitIdentityAsync(sessionId, Name, idNumber);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"identity: {(int)response.StatusCode} {body}");
        return ApiAnswers.QrToken(JsonDocument.Parse(body).RootElement);
    }

    /// <summary>The face check each scan started, by QR token (the app keeps the bizToken its scan answered).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> BizTokens = new();

    public static async Task<HttpResponseMessage> ScanAsync(HttpClient client, string token)
    {
        var response = await client.Api().ScanAsync(token, "app_user");
        if (response.IsSuccessStatusCode && ApiAnswers.BizToken(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement) is { } bizToken)
            BizTokens[token] = bizToken;
        return response;
    }

    /// <summary>A passing face result for the check the scan of <paramref name="token"/> started.</summary>
    public static Task<HttpResponseMessage> FaceAsync(HttpClient client, string token, CancellationToken cancel = default) =>
        client.Api().PostFaceResultAsync(new FaceResult(BizTokens.GetValueOrDefault(token, token), Passed: true, Similarity: 0.95, Liveness: true, "face"), cancel);

    public static async Task<JsonNode?> GetSessionAsync(HttpClient client, string sessionId, CancellationToken cancel = default)
    {
        using var response = await client.Api().GetSessionAsync(sessionId, cancel);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cancel)) : null;
    }

    public static async Task<JsonNode?> GetAccountAsync(HttpClient client, string accountId)
    {
        using var response = await client.Api().GetAccountVerificationAsync(accountId);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
    }

    /// <summary>A valid test ID number: region 110105, a birth date, the given sequence, and its check character.</summary>
    public static string IdNumber(int n)
    {
        var body = $"1101051990{1 + n / 28 % 12:D2}{1 + n % 28:D2}{n % 997:D3}";
        return body + RealName.Domain.Identities.IdNumber.ComputeCheckCharacter(body);
    }
}
