using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>Bad input on the session endpoints: no or a wrong API key, malformed, oversized or non-UTF-8 bodies, invalid fields — each a 4xx problem+json with a stable code.</summary>
public sealed class SessionInputSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    [Fact]
    public async Task Should_refuse_calls_without_a_valid_api_key()
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("auth"));
        var body = RealNameNode.Json(new Dictionary<string, object?> { ["accountId"] = TestData.Account("auth"), ["method"] = "face" });

        (await node.SendAsync(HttpMethod.Post, "/v1/sessions", body, authorize: false)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await node.SendAsync(HttpMethod.Get, $"/v1/sessions/{sessionId}", null, authorize: false)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");

        foreach (var header in new[] { "Bearer rn_wrong_key", "Basic cm5fdGVzdF9rZXk6", "Bearer", "rn_test_key", "Bearer rn_test_key_and_more" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sessions/{sessionId}");
            request.Headers.TryAddWithoutValidation("Authorization", header);
            var response = await ApiResponse.From(await node.AnonymousClient.SendAsync(request));
            response.AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        }
    }

    public static TheoryData<string> InvalidCreateBodies() => new()
    {
        "{\"accountId\":",
        "",
        "   ",
        "null",
        "[]",
        "\"acc_1001\"",
        "{\"accountId\":5}",
        "{\"accountId\":\"acc_types\",\"method\":7}",
        "{\"accountId\":[\"acc_1001\"],\"method\":\"face\"}",
        "{}",
        "{\"method\":\"face\"}",
        "{\"accountId\":\"acc_nomethod\"}",
        "{\"accountId\":\"\",\"method\":\"face\"}",
        "{\"accountId\":\"acc with spaces\",\"method\":\"face\"}",
        "{\"accountId\":\"" + new string('a', 65) + "\",\"method\":\"face\"}",
        "{\"accountId\":\"acc_method\",\"method\":\"retina\"}",
        "{\"accountId\":\"acc_method\",\"method\":\"FACE\"}",
        "{\"accountId\":\"acc_1001\",\"method\":\"face\"} trailing",
    };

    [Theory]
    [MemberData(nameof(InvalidCreateBodies))]
    public async Task Should_answer_invalid_create_bodies_with_400_problem(string body)
    {
        var response = await node.SendAsync(HttpMethod.Post, "/v1/sessions", body);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_answer_a_body_larger_than_16_kb_with_400_problem()
    {
        var huge = "{\"accountId\":\"acc_huge\",\"method\":\"face\",\"padding\":\"" + new string('x', 20 * 1024) + "\"}";

        var sized = await node.SendAsync(HttpMethod.Post, "/v1/sessions", huge);
        sized.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions") { Content = new ChunkedContent(Encoding.UTF8.GetBytes(huge)) };
        var chunked = await ApiResponse.From(await node.Client.SendAsync(request));
        chunked.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");

        var sessionId = await node.CreateSessionIdAsync(TestData.Account("huge"));
        var hugeIdentity = "{\"name\":\"" + new string('张', 9000) + "\",\"idNumber\":\"" + TestData.IdNumber() + "\"}";
        (await node.PostJsonAsync($"/v1/sessions/{sessionId}/identity", hugeIdentity)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_read_a_create_body_sent_chunked_without_a_content_length()
    {
        var body = "{\"accountId\":\"" + TestData.Account("chunked") + "\",\"method\":\"face\"}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions") { Content = new ChunkedContent(Encoding.UTF8.GetBytes(body)) };

        var response = await ApiResponse.From(await node.Client.SendAsync(request));

        Assert.Equal(HttpStatusCode.Created, response.Status);
    }

    [Fact]
    public async Task Should_answer_a_body_that_is_not_utf8_with_400_problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions") { Content = new ByteArrayContent([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await ApiResponse.From(await node.Client.SendAsync(request));

        response.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    public static TheoryData<string> InvalidIdentityBodies() => new()
    {
        "{\"name\":",
        "",
        "null",
        "[]",
        "{}",
        "{\"name\":\"张三\"}",
        "{\"idNumber\":\"11010519491231002X\"}",
        "{\"name\":5,\"idNumber\":\"11010519491231002X\"}",
        "{\"name\":\"张三\",\"idNumber\":110105194912310021}",
        "{\"name\":null,\"idNumber\":null}",
    };

    [Theory]
    [MemberData(nameof(InvalidIdentityBodies))]
    public async Task Should_answer_invalid_identity_bodies_with_400_problem(string body)
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("badbody"));

        var response = await node.PostJsonAsync($"/v1/sessions/{sessionId}/identity", body);

        response.AssertProblem(HttpStatusCode.BadRequest).AssertNoRawPersonalData("11010519491231002X", "张三");
        Assert.Equal("requires_input", (await node.GetSessionAsync(sessionId)).Str("status"));
    }

    public static TheoryData<string, string> InvalidIdNumbers() => new()
    {
        { "bad checksum", TestData.WithWrongCheck(TestData.PublishedIdNumber) },
        { "bad date (Feb 30)", TestData.WithCheck("11010519490230123") },
        { "bad date (month 13)", TestData.WithCheck("11010519491301123") },
        { "birth year before 1900", TestData.WithCheck("11010518991231123") },
        { "future date", TestData.WithCheck("11010520990101123") },
        { "too short", "11010519491231002" },
        { "too long", "11010519491231002X1" },
        { "unknown province", TestData.WithCheck("99010519491231123") },
        { "letters", "1101051949123100AX" },
        { "empty", "" },
        { "full-width digits", "１１０１０５１９４９１２３１００２X" },
    };

    [Theory]
    [MemberData(nameof(InvalidIdNumbers))]
    public async Task Should_answer_invalid_id_numbers_with_400_invalid_id_number(string why, string idNumber)
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("badid"));

        var response = await node.SubmitIdentityAsync(sessionId, TestData.Name, idNumber);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalid_id_number");
        if (idNumber.Length > 0)
            response.AssertNoRawPersonalData(idNumber);
        var read = await node.GetSessionAsync(sessionId);
        Assert.True(read.Str("status") == "requires_input", why);
        Assert.True(read.IsNull("identity"), why);
    }

    public static TheoryData<string, string> InvalidNames() => new()
    {
        { "latin letters", "Zhang San" },
        { "one character", "张" },
        { "empty", "" },
        { "digits", "张三3" },
        { "leading dot", "·张三" },
        { "trailing dot", "张三·" },
        { "double dot", "阿··买" },
        { "31 characters", new string('张', 31) },
        { "emoji", "张😀" },
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public async Task Should_answer_invalid_names_with_400_invalid_name(string why, string name)
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("badname"));

        var response = await node.SubmitIdentityAsync(sessionId, name, TestData.IdNumber());

        response.AssertProblem(HttpStatusCode.BadRequest, "invalid_name");
        Assert.True((await node.GetSessionAsync(sessionId)).Str("status") == "requires_input", why);
    }

    /// <summary>A body sent with chunked transfer encoding (no Content-Length).</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var offset = 0; offset < bytes.Length; offset += 1000)
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(1000, bytes.Length - offset)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
