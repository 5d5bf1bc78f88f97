using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;
using RealName.Actors.Providers;

namespace RealName.Host.Providers.Http;

/// <summary>
/// One vendor request through the client's resilience pipeline (retries, circuit breaker and
/// timeouts live there), with every way it can fail turned into a
/// <see cref="ProviderUnavailableException"/> — the one failure the session knows how to keep retryable.
/// </summary>
/// <remarks>
/// Exception texts name the provider only. A malformed answer gets no inner exception: a parser's
/// message may quote the vendor's body, which can carry personal data.
/// </remarks>
internal static class VendorCall
{
    /// <summary>POSTs a check and returns the <c>result</c> word of a 200 answer.</summary>
    public static async Task<string> CheckAsync<TRequest>(HttpClient http, string path, TRequest body, JsonTypeInfo<TRequest> type, string provider, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, type) };
        using var response = await SendAsync(http, request, provider, cancellationToken);
        EnsureAnswered(response, provider);
        var answer = await ReadAsync(response, VendorJsonContext.Default.CheckAnswer, provider, cancellationToken);
        return answer.Result ?? throw Malformed(provider);
    }

    /// <summary>GETs a directory record; 404 is "no such account".</summary>
    public static async Task<VendorWire.AccountAnswer?> FindAsync(HttpClient http, string path, string provider, CancellationToken cancellationToken)
    {
        var answer = await GetRecordAsync(http, path, VendorJsonContext.Default.AccountAnswer, provider, cancellationToken);
        return answer is not null && string.IsNullOrEmpty(answer.Account) ? throw Malformed(provider) : answer;
    }

    /// <summary>GETs a record; 404 is "none".</summary>
    public static async Task<T?> GetRecordAsync<T>(HttpClient http, string path, JsonTypeInfo<T> type, string provider, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await SendAsync(http, request, provider, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        EnsureAnswered(response, provider);
        return await ReadAsync(response, type, provider, cancellationToken);
    }

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string provider, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            throw new ProviderUnavailableException(provider, ex);
        }
    }

    /// <summary>Anything but 2xx here is an outage: the pipeline already retried what could be retried.</summary>
    public static void EnsureAnswered(HttpResponseMessage response, string provider)
    {
        if (!response.IsSuccessStatusCode)
            throw new ProviderUnavailableException(provider);
    }

    public static ProviderUnavailableException Malformed(string provider) => new(provider);

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string provider, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken) ?? throw Malformed(provider);
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw Malformed(provider);
        }
        catch (Exception ex) when (IsOutage(ex))
        {
            throw new ProviderUnavailableException(provider, ex);
        }
    }

    /// <summary>
    /// Transport errors, timeouts (the pipeline's, the client's, the caller's) and the pipeline's
    /// refusals (open circuit). Programming errors are not outages and surface as they are.
    /// </summary>
    private static bool IsOutage(Exception ex) =>
        ex is HttpRequestException or OperationCanceledException or ExecutionRejectedException or IOException;
}
