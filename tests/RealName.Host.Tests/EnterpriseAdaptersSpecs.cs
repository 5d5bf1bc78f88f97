using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RealName.Actors.Providers;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
using RealName.Host.Hosting;
using RealName.Host.Tests.Infrastructure;
using static RealName.Host.Tests.Infrastructure.FakeVendor;

namespace RealName.Host.Tests;

/// <summary>The business registry and corporate payment adapters (E1, E2) against the fake vendor.</summary>
public sealed class EnterpriseAdaptersSpecs
{
    private static ServiceProvider Build(FakeVendor vendor, TimeSpan timeout)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(vendor.NodeSettings(timeout, retries: 2)).Build();
        var options = configuration.GetSection(RealNameOptions.Section).Get<RealNameOptions>()!;
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddRealNameProviders(options);
        return services.BuildServiceProvider();
    }

    [Theory]
    [InlineData("match", true)]
    [InlineData("mismatch", false)]
    public async Task Should_map_the_business_registrys_answers(string result, bool confirmed)
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor, TimeSpan.FromSeconds(5));
        vendor.AnswerResult(Enterprise, result);

        Assert.Equal(confirmed, await services.GetRequiredService<IBusinessRegistry>()
            .ConfirmsAsync(SubjectType.Enterprise, "北京测试科技有限公司", "91350100M000100Y43", TestData.Name, TestData.PublishedIdNumber, default));
        Assert.Contains("91350100M000100Y43", vendor.Requests(Enterprise).Single().Body);
    }

    [Fact]
    public async Task Should_send_one_payment_per_call_with_one_idempotency_key_across_retries()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor, TimeSpan.FromSeconds(5));
        vendor.Set(Payment, VendorBehaviour.ServerError);

        var ex = await Assert.ThrowsAsync<ProviderUnavailableException>(() =>
            services.GetRequiredService<ICorporatePayment>().SendAsync("ICBC", "1100223344556677", 37, "K7Q2XM", default));

        var attempts = vendor.Requests(Payment);
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.IdempotencyKey).Distinct());
        Assert.DoesNotContain("1100223344556677", ex.Message);
    }
}
