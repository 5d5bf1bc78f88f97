using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using RealName.Actors.Security;
using RealName.Host.Configuration;
using RealName.Host.Http;
using RealName.Host.Http.RateLimits;
using RealName.Host.Pages;

namespace RealName.Benchmarks;

/// <summary>
/// The page link every session object carries (a fresh one per answer): the HMAC of one link's message one-shot
/// (the baseline: OpenSSL's MAC fetched and freed per call) against a context reused and reset, as
/// <see cref="PageLinks"/> keeps one per thread (ADR 0012); and a whole link as a status read mints it.
/// </summary>
[MemoryDiagnoser]
public class PageLinkBenchmarks : IDisposable
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _message = Encoding.UTF8.GetBytes("link|vs_abcdefghijklmnopqrstuvwx|1796000000|0123456789abcdef01234567");
    private readonly byte[] _hash = new byte[32];
    private IncrementalHash _reused = null!;
    private PageLinks _links = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reused = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        _links = new PageLinks(new RealNameSecrets(RandomNumberGenerator.GetBytes(32), _key), TimeProvider.System,
            new NonceStore(TimeProvider.System, new RateLimitSettings()), Options.Create(new RealNameOptions()));
    }

    [Benchmark(Baseline = true)]
    public int Hmac_one_shot() => HMACSHA256.HashData(_key, _message, _hash);

    [Benchmark]
    public int Hmac_on_a_reused_context()
    {
        _reused.AppendData(_message);
        return _reused.GetHashAndReset(_hash);
    }

    [Benchmark]
    public string Page_link_as_a_status_read_mints_it() => _links.IssueLink("vs_abcdefghijklmnopqrstuvwx");

    [GlobalCleanup]
    public void Dispose()
    {
        _reused.Dispose();
        _links.Dispose();
        GC.SuppressFinalize(this);
    }
}
