using System.Net;
using System.Text;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary><c>returnUrl</c> on <c>POST /v1/sessions</c> (contract v2): only under <c>RealName:AllowedReturnOrigins</c>, kept with the session.</summary>
public sealed class ReturnUrlSpecs : IAsyncLifetime
{
    private RealNameNode _node = null!;

    public async Task InitializeAsync() =>
        _node = await RealNameNode.StartAsync(new Dictionary<string, string?> { ["RealName:AllowedReturnOrigins:0"] = "https://console.example.com" });

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Should_keep_a_return_url_under_an_allowed_origin_with_the_session()
    {
        var created = await CreateAsync(TestData.Account("ret"), "https://console.example.com/verified?from=rn");

        created.AssertStatus(HttpStatusCode.Created);
        Assert.Equal("https://console.example.com/verified?from=rn", created.Str("returnUrl"));
        var read = await ApiResponse.From(await _node.Client.GetAsync($"/v1/sessions/{created.Str("id")}"));
        Assert.Equal("https://console.example.com/verified?from=rn", read.Str("returnUrl"));
    }

    [Theory]
    [InlineData("https://evil.example.net/verified")]
    [InlineData("http://console.example.com/verified")]
    [InlineData("https://console.example.com:8443/verified")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/relative")]
    public async Task Should_refuse_a_return_url_outside_the_allowed_origins(string returnUrl)
    {
        var created = await CreateAsync(TestData.Account("ret"), returnUrl);

        created.AssertProblem(HttpStatusCode.BadRequest, "invalid_return_url");
    }

    [Fact]
    public async Task Should_answer_idempotency_conflict_when_the_same_key_comes_with_another_return_url()
    {
        var accountId = TestData.Account("ret");
        var key = "ret-" + Guid.NewGuid().ToString("N");

        var first = await CreateAsync(accountId, "https://console.example.com/a", key);
        var again = await CreateAsync(accountId, "https://console.example.com/a", key);
        var other = await CreateAsync(accountId, "https://console.example.com/b", key);

        Assert.Equal(first.Str("id"), again.Str("id"));
        other.AssertProblem(HttpStatusCode.Conflict, "idempotency_conflict");
    }

    private async Task<ApiResponse> CreateAsync(string accountId, string returnUrl, string? idempotencyKey = null)
    {
        var body = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["accountId"] = accountId, ["method"] = "face", ["returnUrl"] = returnUrl });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await ApiResponse.From(await _node.Client.SendAsync(request));
    }
}
