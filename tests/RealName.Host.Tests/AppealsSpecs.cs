using System.Net;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>P6 appeals: filed on the public API, decided by an operator on the admin port; the registry moves the claim.</summary>
public sealed class AppealsSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private async Task<string> VerifyByFace(string account, string idNumber)
    {
        var (_, token) = await node.StartAwaitingScanAsync(account, TestData.Name, idNumber);
        (await node.ScanAsync(token, "app")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", (await node.PostFaceResultAsync(token, passed: true)).Str("status"));
        return account;
    }

    private Task<ApiResponse> File(string account, string idNumber) => node.PostJsonAsync("/v1/appeals",
        $"{{\"accountId\":\"{account}\",\"name\":\"{TestData.Name}\",\"idNumber\":\"{idNumber}\",\"contact\":\"appellant@example.com\",\"reason\":\"I never verified that account\"}}");

    private async Task<ApiResponse> Decide(string appealId, string verb)
    {
        using var admin = node.CreateAdminClient();
        using var content = new StringContent("{\"reason\":\"ID photo and contract checked\"}", System.Text.Encoding.UTF8, "application/json");
        return await ApiResponse.From(await admin.PostAsync($"/admin/appeals/{appealId}/{verb}", content));
    }

    [Fact]
    public async Task Should_move_the_identity_and_revoke_the_holder_when_an_appeal_is_approved()
    {
        var idNumber = TestData.IdNumber();
        var holder = await VerifyByFace(TestData.Account("holder"), idNumber);
        var appellant = TestData.Account("appellant");

        var filed = (await File(appellant, idNumber)).AssertStatus(HttpStatusCode.Created);
        Assert.Equal("pending", filed.Str("status"));
        filed.AssertNoRawPersonalData(idNumber, holder);
        var approved = (await Decide(filed.Str("id")!, "approve")).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("approved", approved.Str("status"));
        var old = await node.GetAccountVerificationAsync(holder);
        Assert.Equal("revoked", old.Str("status"));
        Assert.Equal("ID photo and contract checked", old.Str("revocation", "reason"));
        var mine = await node.GetAccountVerificationAsync(appellant);
        Assert.Equal("verified", mine.Str("status"));
        Assert.Equal("appeal", mine.Str("method"));
        Assert.Equal("approved", (await node.SendAsync(HttpMethod.Get, $"/v1/appeals/{filed.Str("id")}", null)).Str("status"));
    }

    [Fact]
    public async Task Should_refuse_approving_twice()
    {
        var idNumber = TestData.IdNumber();
        await VerifyByFace(TestData.Account("holder2"), idNumber);
        var appeal = (await File(TestData.Account("appellant2"), idNumber)).Str("id")!;
        (await Decide(appeal, "approve")).AssertStatus(HttpStatusCode.OK);

        (await Decide(appeal, "approve")).AssertProblem(HttpStatusCode.Conflict, "invalid_state");
        (await Decide(appeal, "reject")).AssertProblem(HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task Should_refuse_approving_a_claim_that_moved_meanwhile()
    {
        var idNumber = TestData.IdNumber();
        await VerifyByFace(TestData.Account("holder3"), idNumber);
        var first = (await File(TestData.Account("first"), idNumber)).Str("id")!;
        var second = (await File(TestData.Account("second"), idNumber)).Str("id")!;
        (await Decide(first, "approve")).AssertStatus(HttpStatusCode.OK);

        (await Decide(second, "approve")).AssertProblem(HttpStatusCode.Conflict, "invalid_state");

        Assert.Equal("pending", (await node.SendAsync(HttpMethod.Get, $"/v1/appeals/{second}", null)).Str("status"));
    }

    [Fact]
    public async Task Should_move_nothing_when_an_appeal_is_rejected()
    {
        var idNumber = TestData.IdNumber();
        var holder = await VerifyByFace(TestData.Account("holder4"), idNumber);
        var appellant = TestData.Account("appellant4");
        var appeal = (await File(appellant, idNumber)).Str("id")!;

        Assert.Equal("rejected", (await Decide(appeal, "reject")).AssertStatus(HttpStatusCode.OK).Str("status"));

        Assert.Equal("verified", (await node.GetAccountVerificationAsync(holder)).Str("status"));
        Assert.Equal("unverified", (await node.GetAccountVerificationAsync(appellant)).Str("status"));
    }

    [Fact]
    public async Task Should_refuse_an_appeal_for_an_identity_no_account_holds()
    {
        (await File(TestData.Account("nobody"), TestData.IdNumber())).AssertProblem(HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task Should_refuse_appeal_decisions_on_the_public_port()
    {
        var response = await node.PostJsonAsync("/admin/appeals/ap_x/approve", "{\"reason\":\"r\"}");

        Assert.True(response.Status is HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden, response.ToString());
    }

    [Fact]
    public async Task Should_grant_exactly_one_owner_when_an_approval_races_a_new_verification()
    {
        var idNumber = TestData.IdNumber();
        var holder = await VerifyByFace(TestData.Account("holder5"), idNumber);
        var appellant = TestData.Account("appellant5");
        var appeal = (await File(appellant, idNumber)).Str("id")!;
        var racerAccounts = Enumerable.Range(0, 5).Select(i => TestData.Account($"racer5_{i}")).ToList();
        var racers = await Task.WhenAll(racerAccounts.Select(node.CreateSessionIdAsync));

        var approve = Decide(appeal, "approve");
        var submits = racers.Select(r => node.SubmitIdentityAsync(r, TestData.Name, idNumber)).ToList();
        await Task.WhenAll(submits.Cast<Task>().Append(approve));

        (await approve).AssertStatus(HttpStatusCode.OK);
        foreach (var submit in submits)
            (await submit).AssertProblem(HttpStatusCode.Conflict, "id_already_verified");
        var owners = new List<string>();
        foreach (var account in racerAccounts.Append(appellant).Append(holder))
            if ((await node.GetAccountVerificationAsync(account)).Str("status") == "verified")
                owners.Add(account);
        Assert.Equal([appellant], owners);
    }

    [Fact]
    public async Task Should_answer_404_problem_for_an_unknown_appeal()
    {
        (await node.SendAsync(HttpMethod.Get, "/v1/appeals/ap_unknown", null)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await Decide("ap_unknown", "approve")).AssertProblem(HttpStatusCode.NotFound, "not_found");
    }
}
