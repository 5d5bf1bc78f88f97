using System.Text;
using RealName.Domain.Idempotency;

namespace RealName.Domain.Tests.Idempotency;

public sealed class StoredAnswerSpecs
{
    private const string SessionJson =
        "{\"id\":\"vs_rl4o6lri56chqjtcxbvobedu\",\"accountId\":\"acc_1042\",\"subject\":\"personal\",\"method\":\"face\","
        + "\"status\":\"created\",\"createdAt\":\"2026-11-30T08:15:02.123+00:00\",\"expiresAt\":\"2026-11-30T08:45:02.123+00:00\","
        + "\"identity\":null,\"qr\":null,\"url\":\"http://127.0.0.1:5080/verify/vs_rl4o6lri56chqjtcxbvobedu?t=Zq3xk9_pLw2mVbT7yHcN4eR8uJ1oA6sD\","
        + "\"lastError\":null,\"verifiedAt\":null,\"code\":null,\"enterprise\":null,\"amountAttemptsLeft\":null,"
        + "\"personalDataErased\":null,\"returnUrl\":\"https://console.example.cn/实名/返回\"}";

    [Theory]
    [InlineData("/v1/sessions/vs_rl4o6lri56chqjtcxbvobedu", SessionJson)]
    [InlineData(null, SessionJson)]
    [InlineData(null, "{}")]
    [InlineData("", "")]
    public void Should_give_back_the_location_and_body_it_was_given(string? location, string body)
    {
        var answer = new StoredAnswer(201, "application/json; charset=utf-8", location, "1", body);

        Assert.Equal(location, answer.Location);
        Assert.Equal(body, answer.Body);
        Assert.Equal(201, answer.Status);
        Assert.Equal("1", answer.RetryAfter);
    }

    [Fact]
    public void Should_keep_a_session_answer_in_fewer_bytes_than_its_utf8()
    {
        const string location = "/v1/sessions/vs_rl4o6lri56chqjtcxbvobedu";
        var answer = new StoredAnswer(201, "application/json", location, null, SessionJson);

        var utf8 = Encoding.UTF8.GetByteCount(location) + Encoding.UTF8.GetByteCount(SessionJson);
        Assert.True(answer.TextBytes < utf8 * 0.8, $"{answer.TextBytes} bytes kept for {utf8} bytes of UTF-8");
    }

    [Fact]
    public void Should_never_keep_more_than_the_utf8_and_a_header_for_a_body_that_does_not_compress()
    {
        var random = new Random(7);
        var noise = new string(Enumerable.Range(0, 200).Select(_ => (char)random.Next(0x4E00, 0x9FA5)).ToArray());

        var answer = new StoredAnswer(200, null, null, null, noise);

        Assert.Equal(noise, answer.Body);
        Assert.InRange(answer.TextBytes, 1, Encoding.UTF8.GetByteCount(noise) + 9);
    }

    [Fact]
    public void Should_be_equal_only_to_the_same_answer()
    {
        var first = new StoredAnswer(201, "application/json", "/v1/sessions/vs_1", null, SessionJson);

        Assert.Equal(first, new StoredAnswer(201, "application/json", "/v1/sessions/vs_1", null, SessionJson));
        Assert.NotEqual(first, new StoredAnswer(201, "application/json", "/v1/sessions/vs_2", null, SessionJson));
        Assert.NotEqual(first, new StoredAnswer(201, "application/json", "/v1/sessions/vs_1", null, SessionJson.Replace("created", "pending", StringComparison.Ordinal)));
        Assert.NotEqual(first, new StoredAnswer(200, "application/json", "/v1/sessions/vs_1", null, SessionJson));
    }
}
