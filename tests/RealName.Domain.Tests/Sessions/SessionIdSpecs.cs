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
}
