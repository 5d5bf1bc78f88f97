using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using RealName.Actors.Security;
using RealName.Domain.Security;
using RealName.Host.Http;

namespace RealName.Benchmarks;

/// <summary>The cryptography on the request path: the callback HMAC check, the registry's ID key, AES-GCM of one value.</summary>
[MemoryDiagnoser]
public class SecurityBenchmarks
{
    private const string Secret = "rn_test_face_secret";
    private readonly byte[] _body = Encoding.UTF8.GetBytes("""{"token":"vs_abcdefghijklmnopqrstuvwxyz.AAAAAAAAAAAAAAAAAAAAAA","passed":true,"similarity":0.93,"providerRef":"face_1"}""");
    private readonly PiiCipher _cipher = new(RandomNumberGenerator.GetBytes(32));
    private readonly byte[] _idKeySecret = RandomNumberGenerator.GetBytes(32);
    private string _header = "";
    private string _sealed = "";
    private DateTimeOffset _now;

    [GlobalSetup]
    public void Setup()
    {
        _now = DateTimeOffset.UtcNow;
        _header = CallbackSignature.BuildHeader(Secret, _now.ToUnixTimeSeconds(), "0123456789abcdef", _body);
        _sealed = _cipher.Encrypt("11010519491231002X");
    }

    [Benchmark]
    public bool Hmac_callback_signature_check() => CallbackSignature.TryVerify(_header, Secret, _body, _now, out _);

    [Benchmark]
    public string Hmac_id_key() => IdKeys.Compute(_idKeySecret, "11010519491231002X");

    [Benchmark]
    public string AesGcm_encrypt_id_number() => _cipher.Encrypt("11010519491231002X");

    [Benchmark]
    public string AesGcm_decrypt_id_number() => _cipher.Decrypt(_sealed);
}
