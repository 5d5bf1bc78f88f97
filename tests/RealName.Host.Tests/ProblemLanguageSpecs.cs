using System.Net;
using System.Text;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>Problem texts follow <c>Accept-Language</c> (zh-CN or en, English by default); the codes never change.</summary>
public sealed class ProblemLanguageSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private const string BadIdNumber = "110105194912310021";

    private async Task<(ApiResponse Answer, string? Language)> SubmitBadIdNumber(string? acceptLanguage)
    {
        var session = await node.CreateSessionIdAsync(TestData.Account("lang"));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sessions/{session}/identity")
        {
            Content = new StringContent($"{{\"name\":\"{TestData.Name}\",\"idNumber\":\"{BadIdNumber}\"}}", Encoding.UTF8, "application/json"),
        };
        if (acceptLanguage is not null)
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        using var response = await node.Client.SendAsync(request);
        return (await ApiResponse.From(response), response.Content.Headers.ContentLanguage.SingleOrDefault());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en-US")]
    [InlineData("en-GB,zh-CN;q=0.8")]
    [InlineData("fr-FR")]
    public async Task Should_answer_english_problem_texts_by_default_and_for_english(string? acceptLanguage)
    {
        var (answer, language) = await SubmitBadIdNumber(acceptLanguage);

        answer.AssertProblem(HttpStatusCode.BadRequest, "invalid_id_number");
        Assert.Equal("invalid id number", answer.Str("title"));
        Assert.StartsWith("idNumber must be an 18-character resident ID number", answer.Str("detail"));
        Assert.Equal("en", language);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("zh")]
    [InlineData("en;q=0.5,zh-CN;q=0.9")]
    public async Task Should_answer_chinese_problem_texts_with_the_same_code_for_chinese(string acceptLanguage)
    {
        var (answer, language) = await SubmitBadIdNumber(acceptLanguage);

        answer.AssertProblem(HttpStatusCode.BadRequest, "invalid_id_number");
        Assert.Equal("身份证号码无效", answer.Str("title"));
        Assert.StartsWith("身份证号码不正确", answer.Str("detail"));
        Assert.DoesNotContain(BadIdNumber, answer.Body);
        Assert.Equal("zh-CN", language);
    }

    [Fact]
    public async Task Should_keep_a_details_particulars_after_the_chinese_message()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = new StringContent("{\"accountId\":\"acc_lang\",\"method\":\"fax\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN");

        var answer = await ApiResponse.From(await node.Client.SendAsync(request));

        answer.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("请求无效", answer.Str("title"));
        Assert.StartsWith("请求无效，请检查填写的内容。（method must be one of", answer.Str("detail"));
    }

    [Fact]
    public async Task Should_localise_the_frameworks_own_refusals_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/no-such-route");
        request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN,zh;q=0.9");

        var answer = await ApiResponse.From(await node.Client.SendAsync(request));

        answer.AssertProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("不存在", answer.Str("title"));
    }
}
