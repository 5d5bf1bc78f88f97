using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RealName.Contracts;

namespace RealName.Cli.Connection;

/// <summary>
/// Talks to one node's admin API (<c>/admin/…</c>) with the admin token, and turns every way
/// that can fail (nothing listening, the public port instead of the admin port, a wrong token, a
/// refusal) into an <see cref="AdminException"/> that says what to do.
/// </summary>
internal sealed class AdminClient : IDisposable
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    public AdminClient(Uri node, string token, HttpMessageHandler? handler = null)
    {
        Node = node;
        // No client-wide timeout: streams (cluster tail) run until cancelled; each call has its own.
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true)
        {
            BaseAddress = node,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public Uri Node { get; }

    private string NodeName => Node.Authority;

    public Task<JsonElement> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<JsonElement> PostAsync(string path, string jsonBody, CancellationToken ct) => SendAsync(HttpMethod.Post, path, jsonBody, ct);

    public Task<JsonElement> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    /// <summary>GETs a file (not JSON): its bytes, or the node's refusal as an <see cref="AdminException"/>.</summary>
    public async Task<byte[]> GetBytesAsync(string path, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await Send(request, HttpCompletionOption.ResponseContentRead, timeout.Token, ct);
        if (!response.IsSuccessStatusCode)
            throw await Refusal(response, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>Reads a server-sent event stream and hands each event's data (JSON) to <paramref name="onEvent"/> until cancelled or the node closes it.</summary>
    public async Task StreamAsync(string path, Func<JsonElement, Task> onEvent, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Send(request, HttpCompletionOption.ResponseHeadersRead, ct, ct);
        if (!response.IsSuccessStatusCode)
            throw await Refusal(response, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        try
        {
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                    continue; // event names, comments (keep-alives), blank separators
                using var document = JsonDocument.Parse(line["data:".Length..].Trim());
                await onEvent(document.RootElement.Clone());
            }
        }
        catch (IOException) when (!ct.IsCancellationRequested)
        {
            throw new AdminException($"The connection to {NodeName} was lost (did the node stop?).");
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? jsonBody, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        using var request = new HttpRequestMessage(method, path);
        if (jsonBody is not null)
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        using var response = await Send(request, HttpCompletionOption.ResponseContentRead, timeout.Token, ct);
        if (!response.IsSuccessStatusCode)
            throw await Refusal(response, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new AdminException($"{NodeName} answered {path} with something that is not JSON: is it a RealName admin port?");
        }
    }

    private async Task<HttpResponseMessage> Send(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken token, CancellationToken caller)
    {
        try
        {
            return await _http.SendAsync(request, completion, token);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            throw new AdminException($"{NodeName} did not answer within {RequestTimeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            throw new AdminException(
                $"Cannot reach {NodeName}: connection refused. Is a RealName node running there, and is this its admin port (RealName:AdminUrl, default 127.0.0.1:{NodeEndpoint.DefaultPort})?");
        }
        catch (HttpRequestException ex)
        {
            throw new AdminException($"Cannot reach {NodeName}: {ex.Message}");
        }
    }

    private async Task<AdminException> Refusal(HttpResponseMessage response, CancellationToken ct)
    {
        var (code, detail) = await ReadProblem(response, ct);
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new AdminException(
                $"{NodeName} refused the admin token (401 unauthorized). Pass --token <admin token> or set {CliApp.TokenVariable}."),
            HttpStatusCode.NotFound when code is null or "not_found" => new AdminException(
                $"{NodeName} has no admin API here (404). Is this the public port? The admin port is RealName:AdminUrl (default 127.0.0.1:{NodeEndpoint.DefaultPort})."),
            _ => new AdminException(detail is null
                ? $"{NodeName} answered {(int)response.StatusCode} {response.ReasonPhrase}."
                : $"{detail} ({code ?? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)})"),
        };
    }

    /// <summary>The <c>code</c> and <c>detail</c> of a problem+json answer, when it is one.</summary>
    private static async Task<(string? Code, string? Detail)> ReadProblem(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var problem = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(ct), ContractJsonContext.Default.ProblemDto);
            return (problem?.Code, problem?.Detail);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    public void Dispose() => _http.Dispose();
}
