using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RealName.Actors.Providers;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
using RealName.Host.Hosting;
using RealName.Host.Tests.Infrastructure;
using static RealName.Host.Tests.Infrastructure.FakeVendor;

namespace RealName.Host.Tests;

/// <summary>
/// Enterprise one-click sync (the enterprise seed's "JD Finance Enterprise Station"): the sandbox
/// flow over real HTTP on a real journal, and the HTTP adapter against the fake vendor on Kestrel.
/// </summary>
public sealed class EnterpriseSyncSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private async Task<string> Create(string account) =>
        (await node.CreateSessionAsync(account, method: "enterprise_sync")).AssertStatus(HttpStatusCode.Created).Str("id")!;

    private Task<ApiResponse> Authorize(string session) => node.PostJsonAsync($"/v1/sessions/{session}/authorize", "{}");

    [Fact]
    public async Task Should_verify_the_account_as_the_linked_enterprise_with_one_click()
    {
        var account = TestData.Account("es");
        var session = await Create(account);

        var synced = (await Authorize(session)).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("verified", synced.Str("status"));
        Assert.Equal("enterprise", synced.Str("subject"));
        var code = SandboxEnterpriseDirectory.CreditCodeOf(account);
        Assert.Equal(code[..6] + "********" + code[14..], synced.Str("enterprise", "creditCode"));
        var record = await node.GetAccountVerificationAsync(account);
        Assert.Equal("enterprise", record.Str("level"));
        Assert.Equal("enterprise_sync", record.Str("method"));
        Assert.Equal(SandboxEnterpriseDirectory.Name, record.Str("enterprise", "name"));
    }

    [Theory]
    [InlineData("_nolink", HttpStatusCode.UnprocessableEntity, "enterprise_not_linked")]
    [InlineData("_entunverified", HttpStatusCode.UnprocessableEntity, "enterprise_not_verified")]
    [InlineData("_entmismatch", HttpStatusCode.UnprocessableEntity, "enterprise_mismatch")]
    [InlineData("_groupdown", HttpStatusCode.ServiceUnavailable, "provider_unavailable")]
    public async Task Should_refuse_and_stay_retryable_without_a_verified_confirmed_linked_enterprise(string suffix, HttpStatusCode status, string code)
    {
        var account = TestData.Account("esx") + suffix;
        var session = await Create(account);

        (await Authorize(session)).AssertProblem(status, code);

        Assert.Equal("requires_input", (await node.GetSessionAsync(session)).Str("status"));
        Assert.Equal("unverified", (await node.GetAccountVerificationAsync(account)).Str("status"));
    }

    [Fact]
    public async Task Should_refuse_typed_in_details_for_an_enterprise_sync_session()
    {
        var session = await Create(TestData.Account("esi"));

        var typed = await node.PostJsonAsync($"/v1/sessions/{session}/identity",
            $"{{\"subjectType\":\"enterprise\",\"enterpriseName\":\"北京测试科技有限公司\",\"creditCode\":\"{TestData.CreditCode()}\",\"legalPersonName\":\"{TestData.Name}\",\"legalPersonIdNumber\":\"{TestData.IdNumber()}\"}}");

        typed.AssertProblem(HttpStatusCode.Conflict, "invalid_state");
    }

    [Fact]
    public async Task Should_return_the_linked_enterprise_and_null_when_none_is_linked_over_http()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor);
        vendor.AddEnterprise("acc_ent", "individual_business", "北京测试商行", "91350100M000100Y43", verified: true);
        var directory = services.GetRequiredService<IEnterpriseDirectory>();

        Assert.Equal(new LinkedEnterpriseRecord(SubjectType.IndividualBusiness, "北京测试商行", "91350100M000100Y43", true), await directory.LinkedToAsync("acc_ent", default));
        Assert.Null(await directory.LinkedToAsync("acc_none", default));
        Assert.Equal("Bearer vendor_key_directory", vendor.Requests(EnterpriseDirectory)[0].Authorization);
        Assert.Equal("/v1/enterprises/by-cloud/acc_ent", vendor.Requests(EnterpriseDirectory)[0].Path);
    }

    [Theory]
    [InlineData(VendorBehaviour.ServerError, 3)]
    [InlineData(VendorBehaviour.Malformed, 1)]
    public async Task Should_throw_provider_unavailable_when_the_enterprise_station_fails(VendorBehaviour behaviour, int attempts)
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor);
        vendor.Set(EnterpriseDirectory, behaviour);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => services.GetRequiredService<IEnterpriseDirectory>().LinkedToAsync("acc_ent", default));

        Assert.Equal(attempts, vendor.Attempts(EnterpriseDirectory));
    }

    [Fact]
    public async Task Should_time_out_a_hanging_enterprise_station_as_unavailable()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor, TimeSpan.FromSeconds(1.5));
        vendor.Set(EnterpriseDirectory, VendorBehaviour.Hang);

        await Assert.ThrowsAsync<ProviderUnavailableException>(() => services.GetRequiredService<IEnterpriseDirectory>().LinkedToAsync("acc_ent", default));

        Assert.Equal(3, vendor.Attempts(EnterpriseDirectory));
    }

    [Fact]
    public async Task Should_ask_the_enterprise_station_before_the_business_registry_and_verify_over_http()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var http = await RealNameNode.StartAsync(vendor.NodeSettings(TimeSpan.FromSeconds(1.5), retries: 1));
        var account = TestData.Account("http_es");
        var creditCode = TestData.CreditCode();
        vendor.AddEnterprise(account, "enterprise", "北京同步科技有限公司", creditCode, verified: true);
        var session = (await http.CreateSessionAsync(account, method: "enterprise_sync")).AssertStatus(HttpStatusCode.Created).Str("id")!;
        vendor.AnswerResult(Enterprise, "mismatch");

        (await http.PostJsonAsync($"/v1/sessions/{session}/authorize", "{}")).AssertProblem(HttpStatusCode.UnprocessableEntity, "enterprise_mismatch");
        Assert.Contains(creditCode, vendor.Requests(Enterprise).Single().Body);

        vendor.AnswerResult(Enterprise, "match");
        Assert.Equal("verified", (await http.PostJsonAsync($"/v1/sessions/{session}/authorize", "{}")).AssertStatus(HttpStatusCode.OK).Str("status"));
        Assert.Equal("北京同步科技有限公司", (await http.GetAccountVerificationAsync(account)).Str("enterprise", "name"));
        Assert.Equal(2, vendor.Attempts(EnterpriseDirectory));
    }

    private static ServiceProvider Build(FakeVendor vendor, TimeSpan? timeout = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(vendor.NodeSettings(timeout ?? TimeSpan.FromSeconds(5), retries: 2)).Build();
        var options = configuration.GetSection(RealNameOptions.Section).Get<RealNameOptions>()!;
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddRealNameProviders(options);
        return services.BuildServiceProvider();
    }
}
