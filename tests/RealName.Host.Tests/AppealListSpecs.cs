using System.Net;
using System.Text.Json;
using RealName.Host.Projections.ReadModel;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>Issue 18: <c>GET /v1/appeals</c> from the read model the results projection keeps of the appeal desk's events.</summary>
public sealed class AppealListSpecs : IAsyncLifetime
{
    private RealNameNode _node = null!;

    public async Task InitializeAsync() => _node = await RealNameNode.StartAsync();

    public async Task DisposeAsync() => await _node.DisposeAsync();

    private Task<ApiResponse> FileAppeal(string account, string idNumber) => _node.PostJsonAsync("/v1/appeals",
        $"{{\"accountId\":\"{account}\",\"name\":\"{TestData.Name}\",\"idNumber\":\"{idNumber}\",\"contact\":\"appellant@example.com\",\"reason\":\"I never verified that account\"}}");

    private async Task<string> Decide(string appealId, string verb)
    {
        using var admin = _node.CreateAdminClient();
        using var content = new StringContent("{\"reason\":\"ID photo checked\"}", System.Text.Encoding.UTF8, "application/json");
        return (await ApiResponse.From(await admin.PostAsync($"/admin/appeals/{appealId}/{verb}", content))).AssertStatus(HttpStatusCode.OK).Str("status")!;
    }

    /// <summary>Files appeals of <paramref name="appellant"/> against three holders (one a second apart on the node's clock); the first rejected.</summary>
    private async Task<(string[] Ids, string[] IdNumbers)> ThreeAppealsAsync(string appellant)
    {
        var ids = new List<string>();
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var idNumber = TestData.IdNumber();
            await _node.VerifyAccountAsync(TestData.Account("holder"), idNumber);
            ids.Add((await FileAppeal(appellant, idNumber)).AssertStatus(HttpStatusCode.Created).Str("id")!);
            numbers.Add(idNumber);
            _node.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal("rejected", await Decide(ids[0], "reject"));
        return (ids.ToArray(), numbers.ToArray());
    }

    private Task<ApiResponse> ListAsync(string query) => _node.SendAsync(HttpMethod.Get, "/v1/appeals?" + query, null);

    private async Task<ApiResponse> ListedAsync(string appellant, int count) => await Eventually.ReturnsAsync(async () =>
    {
        var page = await ListAsync($"accountId={appellant}");
        return page.Json.GetProperty("data").GetArrayLength() == count && page.Json.GetProperty("data")[count - 1].GetProperty("status").GetString() == "rejected" ? page : null;
    }, TimeSpan.FromSeconds(20), $"{count} appeals in the read model");

    [Fact]
    public async Task Should_list_appeals_newest_first_masked_filtered_and_paged()
    {
        var appellant = TestData.Account("appellant");
        var (ids, numbers) = await ThreeAppealsAsync(appellant);

        var all = await ListedAsync(appellant, 3);

        Assert.Equal(ids.Reverse(), Ids(all));
        all.AssertNoRawPersonalData(numbers);
        Assert.All(all.Json.GetProperty("data").EnumerateArray(), a => Assert.Equal(TestData.MaskedName, a.GetProperty("identity").GetProperty("name").GetString()));
        Assert.Equal([ids[0]], Ids(await ListAsync($"accountId={appellant}&status=rejected")));
        Assert.Equal([ids[2], ids[1]], Ids(await ListAsync($"accountId={appellant}&status=pending")));
        var first = await ListAsync($"accountId={appellant}&limit=2");
        Assert.Equal([ids[2], ids[1]], Ids(first));
        Assert.True(first.Json.GetProperty("hasMore").GetBoolean());
        var second = await ListAsync($"accountId={appellant}&limit=2&startingAfter={ids[1]}");
        Assert.Equal([ids[0]], Ids(second));
        Assert.False(second.Json.GetProperty("hasMore").GetBoolean());
        (await ListAsync("status=open")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await ListAsync("limit=0")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await ListAsync("startingAfter=ap_nosuchappeal")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_rebuild_the_appeal_list_from_the_journal_when_the_read_model_is_missing()
    {
        var appellant = TestData.Account("rebuilt");
        var (ids, _) = await ThreeAppealsAsync(appellant);
        await ListedAsync(appellant, 3);

        await _node.StopAsync();
        foreach (var file in Directory.GetFiles(_node.DataPath, ReadModelDb.SqliteFile + "*"))
            File.Delete(file);
        await _node.RestartAsync();

        Assert.Equal(ids.Reverse(), Ids(await ListedAsync(appellant, 3)));
    }

    [Fact]
    public async Task Should_show_no_masked_identity_in_listed_appeals_after_the_appellant_is_erased()
    {
        var appellant = TestData.Account("erased");
        await ThreeAppealsAsync(appellant);
        await ListedAsync(appellant, 3);
        using var admin = _node.CreateAdminClient();
        (await admin.DeleteAsync($"/v1/accounts/{appellant}/verification")).EnsureSuccessStatusCode();

        await Eventually.AwaitAssertAsync(async () => Assert.All((await ListAsync($"accountId={appellant}")).Json.GetProperty("data").EnumerateArray(), a =>
        {
            Assert.Equal(JsonValueKind.Null, a.GetProperty("identity").ValueKind);
            Assert.True(a.GetProperty("personalDataErased").GetBoolean());
        }));
    }

    private static string[] Ids(ApiResponse page) =>
        page.Json.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToArray();
}
