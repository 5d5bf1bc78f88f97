using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using RealName.Host.Configuration;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>
/// Issue 14, item 3: a claim whose personal values this node cannot decrypt (written by a node
/// with other keys, as the intruder of the issue did) must never turn an account's read into a 500.
/// </summary>
public sealed class UnreadablePersonalDataSpecs
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Should_answer_503_personal_data_unreadable_never_500_for_a_claim_this_node_cannot_decrypt()
    {
        await using var node = await RealNameNode.StartAsync();
        var accountId = TestData.Account("unreadable");
        await node.VerifyAccountAsync(accountId, TestData.IdNumber());
        await node.StopAsync();

        // The same journal and key store, another master key: every account data key is now unwrappable.
        var path = Path.Combine(node.DataPath, KeyMaterial.DevKeyFile);
        var keys = JsonSerializer.Deserialize<DevKeys>(await File.ReadAllTextAsync(path), Web)!;
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(keys with { EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }, Web));
        await node.RestartAsync();

        var response = await node.GetAccountVerificationAsync(accountId);

        response.AssertProblem(HttpStatusCode.ServiceUnavailable, "personal_data_unreadable").AssertNoRawPersonalData(TestData.Name);
        // The registry itself stayed up: an account with nothing to decrypt still answers.
        (await node.GetAccountVerificationAsync(TestData.Account("unreadable_other"))).AssertStatus(HttpStatusCode.OK);
    }
}
