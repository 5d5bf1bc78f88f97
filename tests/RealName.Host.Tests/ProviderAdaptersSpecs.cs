using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using RealName.Actors.Providers;
using RealName.Domain.Sessions;
using RealName.Host.Configuration;
using RealName.Host.Hosting;
using RealName.Host.Tests.Infrastructure;
using static RealName.Host.Tests.Infrastructure.FakeVendor;

namespace RealName.Host.Tests;

/// <summary>
/// The HTTP adapters, wired exactly as a node wires them (<c>AddRealNameProviders</c> with
/// <c>Providers:Mode=http</c>), against a fake vendor on real Kestrel: answers map to outcomes, and
/// every outage (5xx, timeout, transport error, malformed answer, open circuit) is a
/// <see cref="ProviderUnavailableException"/> that quotes no personal data.
/// </summary>
public sealed class ProviderAdaptersSpecs
{
    private const int Retries = 2;

    /// <summary>Never reached by an answering vendor, even on a loaded machine.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Reached by a hanging vendor, long enough for each attempt to arrive there first.</summary>
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(1.5);
    private static readonly string IdNumber = TestData.PublishedIdNumber;
    private const string Phone = "13912345678";
    private static readonly string Card = TestData.BankCard();

    public static TheoryData<string> Endpoints => [Identity, Carrier, Bank, GroupDirectory, Sms];

    public static TheoryData<string> AnsweringEndpoints => [Identity, Carrier, Bank, GroupDirectory];

    [Theory]
    [InlineData("match", IdentityCheckOutcome.Match)]
    [InlineData("mismatch", IdentityCheckOutcome.Mismatch)]
    public async Task Should_map_the_identity_authoritys_answers(string result, IdentityCheckOutcome expected)
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor);
        vendor.AnswerResult(Identity, result);

        Assert.Equal(expected, await services.GetRequiredService<IIdentityAuthority>().CheckAsync(TestData.Name, IdNumber, default));

        var sent = vendor.Requests(Identity).Single();
        Assert.Equal("Bearer vendor_key_identity", sent.Authorization);
        AssertFields(sent, ("name", TestData.Name), ("idNumber", IdNumber));
    }

    [Theory]
    [InlineData("match", FactorOutcome.Passed)]
    [InlineData("mismatch", FactorOutcome.Mismatch)]
    [InlineData("risk", FactorOutcome.Risk)]
    public async Task Should_map_the_carriers_and_the_banks_answers(string result, FactorOutcome expected)
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor);
        vendor.AnswerResult(Carrier, result);
        vendor.AnswerResult(Bank, result);

        Assert.Equal(expected, await services.GetRequiredService<ICarrier>().CheckAsync(TestData.Name, IdNumber, Phone, default));
        Assert.Equal(expected, await services.GetRequiredService<IBankVerifier>().CheckAsync(TestData.Name, IdNumber, Card, Phone, default));

        AssertFields(vendor.Requests(Carrier).Single(), ("name", TestData.Name), ("idNumber", IdNumber), ("phone", Phone));
        AssertFields(vendor.Requests(Bank).Single(), ("name", TestData.Name), ("idNumber", IdNumber), ("bankCard", Card), ("phone", Phone));
        Assert.Equal("Bearer vendor_key_bank", vendor.Requests(Bank).Single().Authorization);
    }

    [Fact]
    public async Task Should_return_directory_records_and_null_for_accounts_it_does_not_know()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor);
        vendor.AddAccount("jd_张 三", verified: true, TestData.Name, IdNumber, Phone, linkedCloudAccount: "acc_linked");
        vendor.AddAccount("jd_unverified", verified: false, null, null, null);
        var directory = services.GetRequiredService<IGroupDirectory>();

        Assert.Equal(new GroupAccountRecord("jd_张 三", true, TestData.Name, IdNumber, Phone), await directory.LinkedToAsync("acc_linked", default));
        Assert.Equal(new GroupAccountRecord("jd_张 三", true, TestData.Name, IdNumber, Phone), await directory.FindAsync("jd_张 三", default));
        Assert.Equal(new GroupAccountRecord("jd_unverified", false, null, null, null), await directory.FindAsync("jd_unverified", default));
        Assert.Null(await directory.LinkedToAsync("acc_not_linked", default));
        Assert.Null(await directory.FindAsync("jd_missing", default));
        Assert.Equal(5, vendor.Attempts(GroupDirectory));
    }

    [Fact]
    public async Task Should_send_one_sms_per_message_with_one_idempotency_key_across_its_retries()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor);
        var sms = services.GetRequiredService<ISmsGateway>();
        vendor.Set(Sms, VendorBehaviour.ServerError);

        await AssertUnavailableAsync(() => sms.SendAsync(Phone, "code 123456", default));
        vendor.Set(Sms, VendorBehaviour.Answer);
        await sms.SendAsync(Phone, "code 654321", default);

        var keys = vendor.Requests(Sms).Select(r => r.IdempotencyKey).ToList();
        Assert.Equal(Retries + 2, keys.Count);
        Assert.Single(keys.Take(Retries + 1).Distinct());
        Assert.NotEqual(keys[0], keys[^1]);
        Assert.All(keys, key => Assert.False(string.IsNullOrEmpty(key)));
        Assert.Equal("654321", vendor.LastSmsCode(Phone));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Should_throw_provider_unavailable_after_the_configured_retries_when_the_vendor_answers_5xx(string endpoint)
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor);
        vendor.Set(endpoint, VendorBehaviour.ServerError);

        await AssertUnavailableAsync(() => CallAsync(services, endpoint));

        Assert.Equal(Retries + 1, vendor.Attempts(endpoint));
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Should_throw_provider_unavailable_after_the_configured_retries_when_the_vendor_times_out(string endpoint)
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor, HangTimeout);
        vendor.Set(endpoint, VendorBehaviour.Hang);

        await AssertUnavailableAsync(() => CallAsync(services, endpoint));

        Assert.Equal(Retries + 1, vendor.Attempts(endpoint));
    }

    [Theory]
    [MemberData(nameof(AnsweringEndpoints))]
    public async Task Should_throw_provider_unavailable_without_retrying_a_malformed_answer(string endpoint)
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor);
        vendor.AddAccount("jd_someone", verified: true, TestData.Name, IdNumber, Phone);
        vendor.Set(endpoint, VendorBehaviour.Malformed);

        await AssertUnavailableAsync(() => CallAsync(services, endpoint));

        Assert.Equal(1, vendor.Attempts(endpoint));
    }

    [Theory]
    [InlineData(Identity)]
    [InlineData(Carrier)]
    [InlineData(Bank)]
    public async Task Should_throw_provider_unavailable_on_a_result_word_outside_the_protocol(string endpoint)
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor);
        vendor.AnswerResult(endpoint, endpoint == Identity ? "risk" : "maybe");

        await AssertUnavailableAsync(() => CallAsync(services, endpoint));
    }

    [Fact]
    public async Task Should_throw_provider_unavailable_when_the_vendor_cannot_be_reached()
    {
        var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor);
        await vendor.DisposeAsync();

        foreach (var endpoint in new[] { Identity, Carrier, Bank, GroupDirectory, Sms })
            await AssertUnavailableAsync(() => CallAsync(services, endpoint));
    }

    [Fact]
    public async Task Should_open_the_circuit_after_repeated_failures_and_stop_calling_that_vendor()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor, minimumThroughput: 4);
        vendor.Set(Carrier, VendorBehaviour.ServerError);

        await OpenCircuitAsync(services, Carrier);
        var attemptsWhenOpen = vendor.Attempts(Carrier);
        vendor.Set(Carrier, VendorBehaviour.Answer);

        var refused = await AssertUnavailableAsync(() => CallAsync(services, Carrier));
        Assert.IsType<BrokenCircuitException>(refused.InnerException);
        Assert.Equal(attemptsWhenOpen, vendor.Attempts(Carrier));
        Assert.True(attemptsWhenOpen >= 4, $"The circuit opened after {attemptsWhenOpen} attempts, below its minimum throughput.");
        // Each vendor has its own circuit.
        Assert.Equal(FactorOutcome.Passed, await services.GetRequiredService<IBankVerifier>().CheckAsync(TestData.Name, IdNumber, Card, Phone, default));
    }

    [Fact]
    public async Task Should_close_the_circuit_again_once_the_vendor_recovers()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var services = Build(vendor, minimumThroughput: 4, breakDuration: TimeSpan.FromMilliseconds(500));
        vendor.Set(Identity, VendorBehaviour.ServerError);
        await OpenCircuitAsync(services, Identity);

        vendor.Set(Identity, VendorBehaviour.Answer);

        var authority = services.GetRequiredService<IIdentityAuthority>();
        await Eventually.AwaitAssertAsync(async () => Assert.Equal(IdentityCheckOutcome.Match, await authority.CheckAsync(TestData.Name, IdNumber, default)));
    }

    [Fact]
    public void Should_refuse_http_mode_without_valid_vendor_settings()
    {
        var options = new RealNameOptions { Providers = { Mode = "http" } };

        var refused = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddRealNameProviders(options));

        Assert.Contains("RealName:Providers:Carrier:BaseUrl", refused.Message);
        Assert.Contains("RealName:Providers:Sms:BaseUrl", refused.Message);
        options.Providers.Mode = "smoke-signals";
        Assert.Contains("Mode", Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddRealNameProviders(options)).Message);
    }

    [Fact]
    public void Should_refuse_the_production_profile_with_the_sandbox_providers()
    {
        var options = new RealNameOptions
        {
            Profile = "production",
            ApiKeys = [ApiKeyOptions.FromPlainKey(ProductionSettings.Secret("live_key"))],
            AppSecret = ProductionSettings.Secret("live_app"),
            FaceSecret = ProductionSettings.Secret("live_face"),
            AdminToken = ProductionSettings.Secret("live_admin"),
            EncryptionKey = ProductionSettings.Key(),
            IdKeySecret = ProductionSettings.Key(),
        };

        Assert.Contains("RealName:Providers:Mode", Assert.Throws<StartRefusedException>(() => ProductionGuard.Check(options)).Message);
        options.Providers.Mode = "http";
        ProductionGuard.Check(options);
    }

    private static ServiceProvider Build(FakeVendor vendor, TimeSpan? timeout = null, int minimumThroughput = 1000, TimeSpan? breakDuration = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(vendor.NodeSettings(timeout ?? AttemptTimeout, Retries, minimumThroughput, breakDuration))
            .Build();
        var options = configuration.GetSection(RealNameOptions.Section).Get<RealNameOptions>()!;
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddRealNameProviders(options);
        return services.BuildServiceProvider();
    }

    /// <summary>One call of <paramref name="endpoint"/>'s adapter with personal data in every field.</summary>
    private static Task CallAsync(IServiceProvider services, string endpoint) => endpoint switch
    {
        Identity => services.GetRequiredService<IIdentityAuthority>().CheckAsync(TestData.Name, IdNumber, default),
        Carrier => services.GetRequiredService<ICarrier>().CheckAsync(TestData.Name, IdNumber, Phone, default),
        Bank => services.GetRequiredService<IBankVerifier>().CheckAsync(TestData.Name, IdNumber, Card, Phone, default),
        GroupDirectory => services.GetRequiredService<IGroupDirectory>().FindAsync("jd_someone", default),
        Sms => services.GetRequiredService<ISmsGateway>().SendAsync(Phone, "code 123456", default),
        _ => throw new ArgumentOutOfRangeException(nameof(endpoint)),
    };

    /// <summary>Fails calls until the circuit refuses one by itself.</summary>
    private static async Task OpenCircuitAsync(IServiceProvider services, string endpoint)
    {
        for (var call = 0; call < 10; call++)
        {
            if ((await AssertUnavailableAsync(() => CallAsync(services, endpoint))).InnerException is BrokenCircuitException)
                return;
        }
        Assert.Fail("The circuit did not open after 10 failing calls.");
    }

    private static async Task<ProviderUnavailableException> AssertUnavailableAsync(Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<ProviderUnavailableException>(call);
        var text = refused.ToString();
        foreach (var personal in new[] { TestData.Name, IdNumber, Phone, Card })
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
        return refused;
    }

    private static void AssertFields(ReceivedRequest request, params (string Name, string Value)[] fields)
    {
        using var body = JsonDocument.Parse(request.Body);
        foreach (var (name, value) in fields)
            Assert.Equal(value, body.RootElement.GetProperty(name).GetString());
    }
}
