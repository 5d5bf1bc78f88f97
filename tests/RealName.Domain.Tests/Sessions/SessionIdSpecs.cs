using System.Security.Cryptography;
using System.Text;
using RealName.Domain.Sessions;

namespace RealName.Domain.Tests.Sessions;

public sealed class SessionIdSpecs
{
    [Fact]
    public void Should_parse_new_ids_and_refuse_others()
    {
        Assert.True(SessionId.TryParse(SessionId.New().Value, out _));
        Assert.False(SessionId.TryParse("vs_short", out _));
        Assert.False(SessionId.TryParse("../../etc/passwd", out _));
        Assert.False(SessionId.TryParse(null, out _));
    }

    [Fact]
    public void Should_derive_same_id_from_same_idempotency_key_within_scope_only()
    {
        Assert.Equal(SessionId.FromIdempotencyKey("a", "k1"), SessionId.FromIdempotencyKey("a", "k1"));
        Assert.NotEqual(SessionId.FromIdempotencyKey("a", "k1"), SessionId.FromIdempotencyKey("b", "k1"));
        Assert.True(SessionId.TryParse(SessionId.FromIdempotencyKey("a", "k1").Value, out _));
    }

    /// <summary>Sessions already in a journal were named this way: a retried create after an upgrade must find them.</summary>
    [Theory]
    [InlineData("tenant", "order-42")]
    [InlineData("租户", "订单-四十二")]
    [InlineData("scope", "a key longer than the stack buffer, repeated: 0123456789012345678901234567890123456789")]
    public void Should_derive_the_id_from_the_sha256_of_scope_and_key_as_before(string scope, string key)
    {
        if (key.StartsWith("a key longer", StringComparison.Ordinal))
            key = string.Concat(Enumerable.Repeat(key, 20)); // > 1,024 UTF-8 bytes
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(scope + "\n" + key));
        var expected = "vs_" + new string(hash.Take(24).Select(b => "abcdefghijklmnopqrstuvwxyz234567"[b & 31]).ToArray());

        Assert.Equal(expected, SessionId.FromIdempotencyKey(scope, key).Value);
    }
}
