using System.Net;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>The rule the seeds leave open: a person verifies from the day after the 18th birthday; future birth dates stay invalid.</summary>
public sealed class MinimumAgeSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private static string BornOn(DateOnly birth) => TestData.WithCheck($"110105{birth:yyyyMMdd}123");

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private async Task<ApiResponse> Submit(string idNumber)
    {
        var session = await node.CreateSessionIdAsync(TestData.Account("age"));
        return await node.SubmitIdentityAsync(session, TestData.Name, idNumber);
    }

    [Fact]
    public async Task Should_refuse_a_person_on_the_eighteenth_birthday_with_below_minimum_age()
    {
        var refused = (await Submit(BornOn(Today.AddYears(-18)))).AssertProblem(HttpStatusCode.UnprocessableEntity, "below_minimum_age");

        Assert.DoesNotContain(BornOn(Today.AddYears(-18)), refused.Body);
    }

    [Fact]
    public async Task Should_verify_a_person_from_the_day_after_the_eighteenth_birthday()
    {
        Assert.Equal("awaiting_scan", (await Submit(BornOn(Today.AddYears(-18).AddDays(-2)))).AssertStatus(HttpStatusCode.OK).Str("status"));
    }

    [Fact]
    public async Task Should_keep_refusing_a_birth_date_in_the_future_as_an_invalid_id_number()
    {
        (await Submit(BornOn(Today.AddDays(2)))).AssertProblem(HttpStatusCode.BadRequest, "invalid_id_number");
    }

    [Fact]
    public async Task Should_refuse_an_underage_legal_person_for_an_enterprise()
    {
        var session = (await node.CreateSessionAsync(TestData.Account("age_e1"), method: "legal_person_face")).AssertStatus(HttpStatusCode.Created).Str("id")!;

        var refused = await node.PostJsonAsync($"/v1/sessions/{session}/identity",
            $"{{\"subjectType\":\"enterprise\",\"enterpriseName\":\"北京测试科技有限公司\",\"creditCode\":\"{TestData.CreditCode()}\",\"legalPersonName\":\"{TestData.Name}\",\"legalPersonIdNumber\":\"{BornOn(Today.AddYears(-16))}\"}}");

        refused.AssertProblem(HttpStatusCode.UnprocessableEntity, "below_minimum_age");
    }
}
