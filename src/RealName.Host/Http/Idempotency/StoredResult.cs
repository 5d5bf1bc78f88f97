using System.Text;

namespace RealName.Host.Http.Idempotency;

/// <summary>An answer as sent: status, the headers a retry needs (content type, Location, Retry-After) and the body.</summary>
internal sealed class StoredResult(int status, string? contentType, string? location, string? retryAfter, string body) : IResult
{
    public int Status => status;
    public string? ContentType => contentType;
    public string? Location => location;
    public string? RetryAfter => retryAfter;
    public string Body => body;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        if (contentType is not null)
            response.ContentType = contentType;
        if (location is not null)
            response.Headers.Location = location;
        if (retryAfter is not null)
            response.Headers.RetryAfter = retryAfter;
        await response.WriteAsync(body, Encoding.UTF8);
    }

    /// <summary>Runs the handler's result against a buffer instead of the wire, and keeps what it wrote.</summary>
    public static async Task<StoredResult> CaptureAsync(HttpContext http, object? result)
    {
        var response = http.Response;
        var wire = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            switch (result)
            {
                case IResult answer:
                    await answer.ExecuteAsync(http);
                    break;
                case null:
                    break;
                default:
                    await response.WriteAsJsonAsync(result, result.GetType());
                    break;
            }
        }
        finally
        {
            response.Body = wire;
        }
        var headers = response.Headers;
        return new StoredResult(response.StatusCode, response.ContentType, NullIfEmpty(headers.Location), NullIfEmpty(headers.RetryAfter),
            Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();
}
