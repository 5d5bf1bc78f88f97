using RealName.Cli.Tests.Infrastructure;
using RealName.Domain.Identities;

namespace RealName.Cli.Tests;

/// <summary><c>session inspect</c> against one real node.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class SessionCommandsSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_show_a_verified_session_with_its_timeline_and_only_masked_personal_data()
    {
        var account = TestData.Account("inspect");
        var idNumber = TestData.IdNumber();
        var sessionId = await node.VerifyAccountAsync(account, idNumber);

        var result = (await node.CliAsync("session", "inspect", sessionId)).AssertSucceeded();

        Assert.Contains("verified", result.Output);
        foreach (var step in new[] { "created", "identity_accepted", "QR expires", "qr_scanned", "face_passed" })
            Assert.Contains(step, result.Output);
        Assert.Contains("*三", result.Output);
        Assert.Contains(Masking.MaskIdNumber(idNumber), result.Output);
        Assert.DoesNotContain(idNumber, result.Output);
        Assert.DoesNotContain("张三", result.Output);
    }

    [Fact]
    public async Task Should_give_the_timeline_with_times_as_json()
    {
        var sessionId = await node.VerifyAccountAsync(TestData.Account("inspect"), TestData.IdNumber());

        var inspected = Json.Parse(await node.CliAsync("session", "inspect", sessionId, "--json"));

        Assert.Equal(sessionId, inspected.Str("id"));
        Assert.Equal("verified", inspected.Str("status"));
        var timeline = inspected.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal("created", timeline[0].Str("event"));
        Assert.Equal("verified", timeline[^1].Str("event"));
        Assert.Equal(Enumerable.Range(1, timeline.Count).Select(i => (long)i), timeline.Select(e => e.GetProperty("sequenceNr").GetInt64()));
        Assert.All(timeline, e => Assert.True(e.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1)));
    }

    [Fact]
    public async Task Should_print_json_as_utf8_not_as_unicode_escapes()
    {
        var sessionId = await node.VerifyAccountAsync(TestData.Account("inspect"), TestData.IdNumber());

        var json = (await node.CliAsync("session", "inspect", sessionId, "--json")).AssertSucceeded();

        Assert.Contains("\"*三\"", json.Output);
        Assert.DoesNotContain("\\u", json.Output);
    }

    [Fact]
    public async Task Should_show_a_session_that_only_was_created()
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("inspect"));

        var inspected = Json.Parse(await node.CliAsync("session", "inspect", sessionId, "--json"));

        Assert.Equal("requires_input", inspected.Str("status"));
        Assert.Equal(1, inspected.GetProperty("timeline").GetArrayLength());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, inspected.GetProperty("identity").ValueKind);
    }

    [Fact]
    public async Task Should_report_a_session_that_does_not_exist()
    {
        (await node.CliAsync("session", "inspect", "vs_aaaaaaaaaaaaaaaaaaaaaaaaaa")).AssertFailed(1, "session_not_found");
        (await node.CliAsync("session", "inspect", "not-a-session-id")).AssertFailed(1, "session_not_found");
    }
}
