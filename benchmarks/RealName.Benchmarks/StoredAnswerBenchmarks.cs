using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RealName.Domain.Idempotency;

namespace RealName.Benchmarks;

/// <summary>
/// What keeping a keyed POST's answer for 24 h costs (<see cref="StoredAnswer"/>, in its idempotency bucket),
/// and sending it again: a session creation's answer as the node writes it. The baselines are the answer as
/// it was kept before the twelfth pass: the body's UTF-8 in its own array and <c>Location</c> as a string.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class StoredAnswerBenchmarks
{
    private const string Location = "/v1/sessions/vs_rl4o6lri56chqjtcxbvobedu";

    /// <summary>A creation's 201 body as the node writes it (ids and the page link's token are random base32/base64url).</summary>
    private const string Body =
        "{\"id\":\"vs_rl4o6lri56chqjtcxbvobedu\",\"accountId\":\"acc_ldac526773_16132\",\"subject\":\"personal\",\"method\":\"face\","
        + "\"status\":\"requires_input\",\"createdAt\":\"2026-11-30T08:15:02.1234567+00:00\",\"expiresAt\":\"2026-11-30T08:45:02.1234567+00:00\","
        + "\"identity\":null,\"qr\":null,\"url\":\"http://127.0.0.1:5080/verify/vs_rl4o6lri56chqjtcxbvobedu#t=eyJzIjoidnNfcmw0bzZscmk1NmNocWp0Y3h2Ym9iZWR1IiwiZSI6MTc2NDQ5MTkwMn0.Zq3xk9_pLw2mVbT7yHcN4eR8uJ1oA6sDfG0iK5lQzXa\","
        + "\"lastError\":null,\"verifiedAt\":null,\"code\":null,\"enterprise\":null,\"amountAttemptsLeft\":null,\"personalDataErased\":null,\"returnUrl\":null}";

    private readonly StoredAnswer _packed = new(201, "application/json; charset=utf-8", Location, null, Body);
    private readonly byte[] _utf8 = Encoding.UTF8.GetBytes(Body);

    [Benchmark(Baseline = true), BenchmarkCategory("keep")]
    public int Keep_as_utf8_and_a_location_string() => Encoding.UTF8.GetBytes(Body).Length + new string(Location.AsSpan()).Length;

    [Benchmark, BenchmarkCategory("keep")]
    public int Keep_packed_as_the_node_does() => new StoredAnswer(201, "application/json; charset=utf-8", Location, null, Body).TextBytes;

    [Benchmark(Baseline = true), BenchmarkCategory("replay")]
    public int Replay_from_utf8() => Encoding.UTF8.GetString(_utf8).Length + Location.Length;

    [Benchmark, BenchmarkCategory("replay")]
    public int Replay_packed_as_the_node_does() => _packed.Body.Length + _packed.Location!.Length;
}
