using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using RealName.Host.Http;
using RealName.Host.Http.Idempotency;

namespace RealName.Benchmarks;

/// <summary>
/// The two reads of a keyed JSON POST's body (a session creation's): the idempotency filter's hash
/// (<see cref="RequestHash"/>) and the handler's read (<see cref="RequestBody"/>). The baseline is the
/// same work as it was done before the eleventh pass: a new 16 KB chunk, the request line and the hash
/// as arrays, the body through a 4 KB chunk into a growing <see cref="MemoryStream"/>.
/// </summary>
[MemoryDiagnoser]
public class RequestReadingBenchmarks
{
    private readonly byte[] _body = Encoding.UTF8.GetBytes(
        "{\"accountId\":\"acc_000123\",\"method\":\"face\",\"returnUrl\":\"https://console.example.com/verified?from=realname\"}");

    [Benchmark(Baseline = true)]
    public async Task<int> Hash_and_read_with_new_arrays()
    {
        var request = NewRequest();
        request.EnableBuffering(30 * 1024, RequestBody.MaxBytes);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(request.Method + " " + request.Path.Value + "\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
            sha.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());

        using var buffer = new MemoryStream();
        var small = new byte[4096];
        while ((read = await request.Body.ReadAsync(small)) > 0)
            buffer.Write(small, 0, read);
        return hash.Length + buffer.ToArray().Length;
    }

    [Benchmark]
    public async Task<int> Hash_and_read_as_the_node_does()
    {
        var request = NewRequest();
        var (hash, _) = await RequestHash.ComputeAsync(request, RequestBody.MaxBytes);
        var (bytes, _) = await RequestBody.ReadBytesAsync(request);
        return hash!.Length + bytes!.Length;
    }

    private HttpRequest NewRequest()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = "/v1/sessions";
        context.Request.ContentLength = _body.Length;
        context.Request.Body = new MemoryStream(_body, writable: false);
        return context.Request;
    }
}
