using System.Net;
using System.Text.Json;
using RealName.Actors.Providers;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>
/// Contract v2 <c>groupSync</c> on the account record: the one-click sync offer the hosted page pops
/// up (the seeds' "Authorize now"), from the sandbox group directory's documented magic accounts.
/// </summary>
public sealed class GroupSyncOfferSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    [Fact]
    public async Task Should_offer_one_click_sync_with_the_masked_name_when_a_verified_group_account_is_linked()
    {
        var record = await node.GetAccountVerificationAsync(TestData.Account("offer"));

        record.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(SandboxGroupDirectory.Name);
        Assert.Equal("unverified", record.Str("status"));
        Assert.Equal(JsonValueKind.True, record.Find("groupSync", "available")?.ValueKind);
        Assert.Equal("group_sync", record.Str("groupSync", "method"));
        Assert.Equal("*四", record.Str("groupSync", "name"));
    }

    [Theory]
    [InlineData("_nolink")]
    [InlineData("_unverified")]
    public async Task Should_offer_nothing_when_no_verified_group_account_is_linked(string suffix)
    {
        var record = await node.GetAccountVerificationAsync(TestData.Account("no_offer") + suffix);

        record.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.False, record.Find("groupSync", "available")?.ValueKind);
        Assert.True(record.IsNull("groupSync", "method"));
        Assert.True(record.IsNull("groupSync", "name"));
    }

    [Fact]
    public async Task Should_still_answer_the_record_without_an_offer_when_the_group_directory_is_down()
    {
        var record = await node.GetAccountVerificationAsync(TestData.Account("offer") + "_groupdown");

        record.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("unverified", record.Str("status"));
        Assert.True(record.IsNull("groupSync"));
    }

    [Fact]
    public async Task Should_not_offer_one_click_sync_to_an_account_that_is_already_verified()
    {
        var account = TestData.Account("offer_done");
        await node.VerifyAccountAsync(account, TestData.IdNumber());

        var record = await node.GetAccountVerificationAsync(account);

        Assert.Equal("verified", record.Str("status"));
        Assert.True(record.IsNull("groupSync"));
    }
}
