using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using RealName.Host.Hosting;

namespace RealName.Host.Tests;

public sealed class ProductionProfileSpecs
{
    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        settings["RealName:DataPath"] = Path.Combine(Path.GetTempPath(), "realname-prod-" + Guid.NewGuid().ToString("N"));
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Fact]
    public void Should_refuse_to_start_production_with_sandbox_credentials_or_dev_keys()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Builder(new() { ["RealName:Profile"] = "production" }).AddRealName());

        Assert.Contains("RealName:AppSecret", ex.Message);
        Assert.Contains("RealName:EncryptionKey", ex.Message);
    }

    [Fact]
    public void Should_refuse_an_unknown_persistence_provider()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Builder(new() { ["RealName:Persistence:Provider"] = "mysql" }).AddRealName());

        Assert.Contains("Persistence:Provider", ex.Message);
    }
}
