using System.Net;
using Microsoft.Data.Sqlite;
using RealName.Actors.Security;
using RealName.Host.Tests.Infrastructure;
using RealName.Persistence.Keys;

namespace RealName.Host.Tests;

/// <summary>PIPL erasure (<c>DELETE /v1/accounts/{id}/verification</c>) on a real node: crypto-shredding, the read side, the claim kept.</summary>
public sealed class AccountErasureSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    [Fact]
    public async Task Should_erase_a_verified_accounts_personal_data_and_keep_its_identity_claim()
    {
        var accountId = TestData.Account("erased");
        var idNumber = TestData.IdNumber();
        var sessionId = await node.VerifyAccountAsync(accountId, idNumber);

        var erased = await EraseAsync(node, accountId);

        erased.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(idNumber, TestData.Name);
        Assert.Equal(accountId, erased.Str("accountId"));
        Assert.True(erased.Json.GetProperty("keysDestroyed").GetInt32() >= 1);
        Assert.True(erased.Json.GetProperty("registryErased").GetBoolean());
        Assert.True(erased.Json.GetProperty("claimKept").GetBoolean());

        var account = await node.GetAccountVerificationAsync(accountId);
        account.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", account.Str("status"));
        Assert.True(account.IsNull("identity"));
        Assert.True(account.Json.GetProperty("personalDataErased").GetBoolean());
        await Eventually.AwaitAssertAsync(async () =>
        {
            var session = await node.GetSessionAsync(sessionId);
            Assert.Equal("verified", session.Str("status"));
            Assert.True(session.IsNull("identity"));
            Assert.True(session.Json.GetProperty("personalDataErased").GetBoolean());
        });

        // The claim is kept as an HMAC: the ID card still verifies this account and no other.
        var other = await node.CreateSessionIdAsync(TestData.Account("after-erasure"));
        (await node.SubmitIdentityAsync(other, TestData.Name, idNumber)).AssertProblem(HttpStatusCode.Conflict, "id_already_verified");
    }

    [Fact]
    public async Task Should_end_an_open_session_of_an_erased_account_as_canceled_without_its_identity()
    {
        var accountId = TestData.Account("erased-open");
        var (sessionId, _) = await node.StartAwaitingScanAsync(accountId, TestData.Name, TestData.IdNumber());

        var erased = await EraseAsync(node, accountId);

        erased.AssertStatus(HttpStatusCode.OK);
        Assert.False(erased.Json.GetProperty("claimKept").GetBoolean());
        await Eventually.AwaitAssertAsync(async () =>
        {
            var session = await node.GetSessionAsync(sessionId);
            Assert.Equal("canceled", session.Str("status"));
            Assert.True(session.IsNull("identity"));
        });
    }

    [Fact]
    public async Task Should_answer_a_repeated_erasure_with_nothing_left_to_destroy()
    {
        var accountId = TestData.Account("erased-twice");
        await node.VerifyAccountAsync(accountId, TestData.IdNumber());
        (await EraseAsync(node, accountId)).AssertStatus(HttpStatusCode.OK);

        var again = await EraseAsync(node, accountId);

        again.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(0, again.Json.GetProperty("keysDestroyed").GetInt32());
        Assert.False(again.Json.GetProperty("registryErased").GetBoolean());
        Assert.True(again.Json.GetProperty("claimKept").GetBoolean());
    }

    [Fact]
    public async Task Should_serve_erasure_only_on_the_admin_listener_to_the_admin_token()
    {
        var accountId = TestData.Account("erasure-auth");
        var path = $"/v1/accounts/{accountId}/verification";

        (await node.SendAsync(HttpMethod.Delete, path, null)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        using var anonymous = new HttpClient { BaseAddress = node.CreateAdminClient().BaseAddress };
        (await ApiResponse.From(await anonymous.DeleteAsync(path))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");
        (await EraseAsync(node, "not an account")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_leave_nothing_readable_after_a_restart_and_only_a_tombstone_in_the_key_store()
    {
        await using var dedicated = await RealNameNode.StartAsync();
        var accountId = TestData.Account("erased-restart");
        var idNumber = TestData.IdNumber();
        var sessionId = await dedicated.VerifyAccountAsync(accountId, idNumber);
        (await EraseAsync(dedicated, accountId)).AssertStatus(HttpStatusCode.OK);

        await dedicated.RestartAsync();

        // The journal still holds the session's and the registry's events; they replay, unreadable.
        var session = await dedicated.GetSessionAsync(sessionId);
        session.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", session.Str("status"));
        Assert.True(session.IsNull("identity"));
        var account = await dedicated.GetAccountVerificationAsync(accountId);
        Assert.Equal("verified", account.Str("status"));
        Assert.True(account.IsNull("identity"));
        Assert.Equal(0, CountLiveKeys(dedicated.DataPath, accountId));
        Assert.True(CountKeys(dedicated.DataPath, accountId) >= 1);
    }

    private static async Task<ApiResponse> EraseAsync(RealNameNode target, string accountId)
    {
        using var admin = target.CreateAdminClient();
        return await ApiResponse.From(await admin.DeleteAsync($"/v1/accounts/{Uri.EscapeDataString(accountId)}/verification"));
    }

    private static long CountLiveKeys(string dataPath, string accountId) =>
        Count(dataPath, $"SELECT COUNT(*) FROM {SubjectKeyStore.Table} WHERE subject = $s AND wrapped_key IS NOT NULL", accountId);

    private static long CountKeys(string dataPath, string accountId) =>
        Count(dataPath, $"SELECT COUNT(*) FROM {SubjectKeyStore.Table} WHERE subject = $s", accountId);

    private static long Count(string dataPath, string sql, string accountId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataPath, SubjectKeyStore.SqliteFile)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", accountId);
        return (long)command.ExecuteScalar()!;
    }
}
