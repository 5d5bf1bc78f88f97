using System.Net;
using RealName.Domain.Identities;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>The account verification record and the uniqueness of identities, against one shared real node.</summary>
public sealed class AccountsApiSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    [Fact]
    public async Task Should_report_an_account_without_verification_as_unverified()
    {
        var accountId = TestData.Account("none");

        var response = await node.GetAccountVerificationAsync(accountId);

        response.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(accountId, response.Str("accountId"));
        Assert.Equal("unverified", response.Str("status"));
        Assert.True(response.IsNull("level"));
        Assert.True(response.IsNull("method"));
        Assert.True(response.IsNull("verifiedAt"));
        Assert.True(response.IsNull("identity"));
    }

    [Fact]
    public async Task Should_report_a_verified_account_with_masked_identity()
    {
        var accountId = TestData.Account("verified");
        var idNumber = TestData.IdNumber();
        const string name = "欧阳娜娜";
        var sessionId = await node.VerifyAccountAsync(accountId, idNumber, name);

        var response = await node.GetAccountVerificationAsync(accountId);

        response.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(idNumber, name);
        Assert.Equal("verified", response.Str("status"));
        Assert.Equal("personal", response.Str("level"));
        Assert.Equal("face", response.Str("method"));
        Assert.Equal("*娜", response.Str("identity", "name"));
        Assert.Equal(Masking.MaskIdNumber(idNumber), response.Str("identity", "idNumber"));
        var session = await node.GetSessionAsync(sessionId);
        Assert.Equal(
            DateTimeOffset.Parse(session.Str("verifiedAt")!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(response.Str("verifiedAt")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Should_refuse_an_id_number_already_verifying_another_account_naming_it_masked()
    {
        var firstAccount = TestData.Account("first");
        var idNumber = TestData.IdNumber();
        await node.VerifyAccountAsync(firstAccount, idNumber);
        var secondAccount = TestData.Account("second");
        var sessionId = await node.CreateSessionIdAsync(secondAccount);

        var refused = await node.SubmitIdentityAsync(sessionId, TestData.Name, idNumber);

        refused.AssertProblem(HttpStatusCode.Conflict, "id_already_verified").AssertNoRawPersonalData(idNumber, TestData.Name, firstAccount);
        var detail = refused.Str("detail");
        Assert.NotNull(detail);
        Assert.Contains(Masking.MaskAccount(firstAccount), detail);
        Assert.StartsWith("acc_f***", Masking.MaskAccount(firstAccount));

        var session = await node.GetSessionAsync(sessionId);
        session.AssertNoRawPersonalData(idNumber, TestData.Name, firstAccount);
        Assert.Equal("requires_input", session.Str("status"));
        Assert.Equal("id_already_verified", session.Str("lastError", "code"));
        Assert.Equal("unverified", (await node.GetAccountVerificationAsync(secondAccount)).Str("status"));
        Assert.Equal("verified", (await node.GetAccountVerificationAsync(firstAccount)).Str("status"));
    }

    [Fact]
    public async Task Should_fail_a_second_identity_for_an_already_verified_account()
    {
        var accountId = TestData.Account("twoids");
        var firstId = TestData.IdNumber();
        await node.VerifyAccountAsync(accountId, firstId);
        var sessionId = await node.CreateSessionIdAsync(accountId);
        var otherId = TestData.IdNumber();

        var refused = await node.SubmitIdentityAsync(sessionId, TestData.Name, otherId);

        refused.AssertProblem(HttpStatusCode.Conflict, "account_already_verified").AssertNoRawPersonalData(firstId, otherId, TestData.Name);
        var session = await node.GetSessionAsync(sessionId);
        Assert.Equal("failed", session.Str("status"));
        Assert.Equal("account_already_verified", session.Str("lastError", "code"));
        var account = await node.GetAccountVerificationAsync(accountId);
        Assert.Equal(Masking.MaskIdNumber(firstId), account.Str("identity", "idNumber"));
    }

    [Fact]
    public async Task Should_let_only_one_of_two_racing_accounts_claim_an_id_number()
    {
        var idNumber = TestData.IdNumber();
        var accountA = TestData.Account("raceA");
        var accountB = TestData.Account("raceB");
        var (sessionA, tokenA) = await node.StartAwaitingScanAsync(accountA, TestData.Name, idNumber);
        var (sessionB, tokenB) = await node.StartAwaitingScanAsync(accountB, TestData.Name, idNumber);
        (await node.ScanAsync(tokenA, "app_user_a")).AssertStatus(HttpStatusCode.OK);
        (await node.ScanAsync(tokenB, "app_user_b")).AssertStatus(HttpStatusCode.OK);

        var results = await Task.WhenAll(node.PostFaceResultAsync(tokenA, passed: true), node.PostFaceResultAsync(tokenB, passed: true));

        foreach (var result in results)
            Assert.True((int)result.Status < 500, result.ToString());
        var statuses = new[] { (await node.GetSessionAsync(sessionA)).Str("status"), (await node.GetSessionAsync(sessionB)).Str("status") };
        Assert.Single(statuses, s => s == "verified");
        Assert.Single(statuses, s => s == "failed");
        var accounts = new[] { (await node.GetAccountVerificationAsync(accountA)).Str("status"), (await node.GetAccountVerificationAsync(accountB)).Str("status") };
        Assert.Single(accounts, s => s == "verified");
        var loser = statuses[0] == "failed" ? sessionA : sessionB;
        Assert.Equal("id_already_verified", (await node.GetSessionAsync(loser)).Str("lastError", "code"));
    }

    [Theory]
    [InlineData("acc%20space")]
    [InlineData("acc%2Fslash")]
    [InlineData("acc%C3%A9")]
    public async Task Should_answer_an_invalid_account_id_with_400_problem(string accountId)
    {
        var response = await node.GetAccountVerificationAsync(accountId);

        response.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_answer_a_too_long_account_id_with_400_problem()
    {
        var response = await node.GetAccountVerificationAsync(new string('a', 65));

        response.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_refuse_the_account_record_without_a_valid_api_key()
    {
        var path = $"/v1/accounts/{TestData.Account("auth")}/verification";

        (await node.SendAsync(HttpMethod.Get, path, null, authorize: false)).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer rn_not_a_key");
        (await ApiResponse.From(await node.AnonymousClient.SendAsync(request))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
