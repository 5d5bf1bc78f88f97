using RealName.Cli.Tests.Infrastructure;
using RealName.Domain.Identities;

namespace RealName.Cli.Tests;

/// <summary><c>registry lookup</c> and <c>registry stats</c> against one real node.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class RegistryCommandsSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_name_the_owner_of_an_id_number_masked()
    {
        var account = TestData.Account("owner");
        var idNumber = TestData.IdNumber();
        var sessionId = await node.VerifyAccountAsync(account, idNumber);

        var result = (await node.CliAsync("registry", "lookup", "--id-number", idNumber)).AssertSucceeded();

        Assert.Contains(Masking.MaskAccount(account), result.Output);
        Assert.Contains(Masking.MaskIdNumber(idNumber), result.Output);
        Assert.Contains(sessionId, result.Output);
        Assert.DoesNotContain(account, result.Output);
        Assert.DoesNotContain(idNumber, result.Output);
    }

    [Fact]
    public async Task Should_accept_a_lower_case_check_character()
    {
        var account = TestData.Account("owner");
        var idNumber = TestData.IdNumber();
        await node.VerifyAccountAsync(account, idNumber);

        var found = Json.Parse(await node.CliAsync("registry", "lookup", "--id-number", idNumber.ToLowerInvariant(), "--json"));

        Assert.True(found.GetProperty("found").GetBoolean());
        Assert.Equal(Masking.MaskAccount(account), found.Str("owner"));
    }

    [Fact]
    public async Task Should_say_when_nobody_holds_an_id_number()
    {
        var result = (await node.CliAsync("registry", "lookup", "--id-number", TestData.IdNumber())).AssertSucceeded();

        Assert.Contains("Not verified: no account holds this ID number.", result.Output);
    }

    [Fact]
    public async Task Should_describe_what_an_account_holds()
    {
        var account = TestData.Account("holder");
        var idNumber = TestData.IdNumber();
        await node.VerifyAccountAsync(account, idNumber);

        var held = Json.Parse(await node.CliAsync("registry", "lookup", "--account", account, "--json"));
        var nothing = (await node.CliAsync("registry", "lookup", "--account", TestData.Account("nobody"))).AssertSucceeded();

        Assert.True(held.GetProperty("found").GetBoolean());
        Assert.Equal("face", held.Str("method"));
        Assert.Equal(Masking.MaskIdNumber(idNumber), held.GetProperty("identity").Str("idNumber"));
        Assert.Contains("holds no identity", nothing.Output);
    }

    [Fact]
    public async Task Should_count_a_new_verification_in_stats()
    {
        var before = Json.Parse(await node.CliAsync("registry", "stats", "--json"));

        await node.VerifyAccountAsync(TestData.Account("stats"), TestData.IdNumber());
        var after = Json.Parse(await node.CliAsync("registry", "stats", "--json"));
        var table = (await node.CliAsync("registry", "stats")).AssertSucceeded();

        Assert.Equal(before.GetProperty("verifiedAccounts").GetInt32() + 1, after.GetProperty("verifiedAccounts").GetInt32());
        Assert.Equal(before.GetProperty("idKeys").GetInt32() + 1, after.GetProperty("idKeys").GetInt32());
        Assert.True(after.GetProperty("journalSequenceNr").GetInt64() > before.GetProperty("journalSequenceNr").GetInt64());
        Assert.Contains("Verified accounts", table.Output);
    }

    [Fact]
    public async Task Should_refuse_an_invalid_id_number_without_echoing_it()
    {
        const string invalid = "110105194912310029";

        var result = (await node.CliAsync("registry", "lookup", "--id-number", invalid)).AssertFailed(1, "invalid_id_number");

        Assert.DoesNotContain(invalid, result.Output);
    }

    [Fact]
    public async Task Should_require_exactly_one_of_id_number_and_account()
    {
        (await node.CliAsync("registry", "lookup")).AssertFailed(2, "Give exactly one of --id-number and --account.");
        (await node.CliAsync("registry", "lookup", "--account", "acc_1", "--id-number", TestData.IdNumber())).AssertFailed(2, "exactly one");
    }
}
