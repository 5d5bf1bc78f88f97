using System.Net;
using System.Text.Json;
using RealName.Actors.Providers;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>
/// Contract v2 <c>groupSync</c> on the account record: the one-click sync offer the hosted page pops
/// up (the seeds' "Authorize now"), from the sandbox group and enterprise directories' documented magic
/// accounts: <c>group_sync</c> by default, <c>enterprise_sync</c> for <c>subject=enterprise</c>.
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

    private Task<ApiResponse> EnterpriseOfferAsync(string account) => node.SendAsync(HttpMethod.Get, $"/v1/accounts/{account}/verification?subject=enterprise", null);

    [Fact]
    public async Task Should_offer_enterprise_sync_with_the_enterprises_name_when_the_enterprise_station_links_a_verified_enterprise()
    {
        var record = await EnterpriseOfferAsync(TestData.Account("ent_offer"));

        record.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("unverified", record.Str("status"));
        Assert.Equal(JsonValueKind.True, record.Find("groupSync", "available")?.ValueKind);
        Assert.Equal("enterprise_sync", record.Str("groupSync", "method"));
        Assert.Equal(SandboxEnterpriseDirectory.Name, record.Str("groupSync", "name"));
    }

    [Theory]
    [InlineData("_nolink")]
    [InlineData("_entunverified")]
    public async Task Should_offer_no_enterprise_sync_when_no_verified_enterprise_is_linked(string suffix)
    {
        var record = await EnterpriseOfferAsync(TestData.Account("ent_no_offer") + suffix);

        record.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.False, record.Find("groupSync", "available")?.ValueKind);
        Assert.True(record.IsNull("groupSync", "method"));
    }

    [Fact]
    public async Task Should_offer_enterprise_sync_to_a_personally_verified_account_that_may_still_upgrade_but_not_to_an_enterprise()
    {
        var account = TestData.Account("ent_offer_personal");
        await node.VerifyAccountAsync(account, TestData.IdNumber());
        Assert.Equal("enterprise_sync", (await EnterpriseOfferAsync(account)).Str("groupSync", "method"));

        var enterprise = TestData.Account("ent_offer_done");
        var session = (await node.CreateSessionAsync(enterprise, method: "enterprise_sync")).AssertStatus(HttpStatusCode.Created).Str("id");
        (await node.PostJsonAsync($"/v1/sessions/{session}/authorize", "{}")).AssertStatus(HttpStatusCode.OK);
        var record = await EnterpriseOfferAsync(enterprise);
        Assert.Equal("enterprise", record.Str("level"));
        Assert.True(record.IsNull("groupSync"));
    }

    [Fact]
    public async Task Should_still_answer_the_record_without_an_enterprise_offer_when_the_enterprise_directory_is_down()
    {
        var record = await EnterpriseOfferAsync(TestData.Account("ent_offer") + "_groupdown");

        record.AssertStatus(HttpStatusCode.OK);
        Assert.True(record.IsNull("groupSync"));
    }

    [Fact]
    public async Task Should_refuse_a_subject_that_is_neither_personal_nor_enterprise()
    {
        var record = await node.SendAsync(HttpMethod.Get, $"/v1/accounts/{TestData.Account("ent_offer")}/verification?subject=business", null);

        record.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }
}
