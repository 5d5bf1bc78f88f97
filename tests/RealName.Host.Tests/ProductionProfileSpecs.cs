using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RealName.Host.Configuration;
using RealName.Host.Hosting;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>The production profile refuses weak set-ups at start: one line per refused setting, never its value.</summary>
public sealed class ProductionProfileSpecs : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "realname-prod-" + Guid.NewGuid().ToString("N"));

    public ProductionProfileSpecs() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        settings["RealName:DataPath"] = Path.Combine(_folder, "data");
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private StartRefusedException Refused(Dictionary<string, string?> settings) =>
        Assert.Throws<StartRefusedException>(() => Builder(settings).AddRealName());

    [Fact]
    public void Should_refuse_to_start_production_with_sandbox_credentials_or_dev_keys()
    {
        var ex = Refused(new() { ["RealName:Profile"] = "production" });

        Assert.Contains(ex.Problems, p => p.StartsWith("RealName:AppSecret is the sandbox secret", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("RealName:EncryptionKey must be configured", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_start_production_with_strong_distinct_secrets_on_loopback()
    {
        Builder(ProductionSettings.Strong()).AddRealName();
    }

    [Theory]
    [InlineData("RealName:AppSecret", "", "RealName:AppSecret is empty")]
    [InlineData("RealName:FaceSecret", "short_face_secret", "RealName:FaceSecret is shorter than 32 characters")]
    [InlineData("RealName:AdminToken", "t", "RealName:AdminToken is shorter than 32 characters")]
    [InlineData("RealName:ApiKeys:0", "a", "RealName:ApiKeys:0 is shorter than 32 characters")]
    [InlineData("RealName:EncryptionKey", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "RealName:EncryptionKey is one byte repeated")]
    [InlineData("RealName:EncryptionKey", "MDEyMzQ1Njc4OWFiY2RlZg==", "RealName:EncryptionKey must be base64 of 32 bytes (it decodes to 16)")]
    [InlineData("RealName:IdKeySecret", "not base64 at all!", "RealName:IdKeySecret is not valid base64")]
    [InlineData("RealName:IdKeySecret", "//////////////////////////////////////////////////////8=", "RealName:IdKeySecret is one byte repeated")]
    [InlineData("RealName:IdKeySecret", "MDEyMzQ1Njc4OWFiY2RlZg==", "RealName:IdKeySecret must be base64 of at least 32 bytes")]
    [InlineData("RealName:AdminUrl", "http://0.0.0.0:9110", "RealName:AdminUrl binds beyond loopback (0.0.0.0) without https")]
    [InlineData("RealName:AdminUrl", "http://203.0.113.7:9110", "RealName:AdminUrl binds beyond loopback (203.0.113.7) without https")]
    [InlineData("RealName:AdminUrl", "http://ops.example:9110", "RealName:AdminUrl binds beyond loopback (ops.example) without https")]
    [InlineData("RealName:RemotingHost", "0.0.0.0", "RealName:RemotingHost beyond loopback (0.0.0.0) requires RealName:Remoting:Tls")]
    public void Should_refuse_a_weak_setting_in_one_line_naming_it(string setting, string value, string line)
    {
        var settings = ProductionSettings.Strong();
        settings[setting] = value;

        var refused = Refused(settings);

        Assert.Equal(line, Assert.Single(refused.Problems)[..line.Length]);
        Assert.DoesNotContain('\n', refused.Problems[0]);
    }

    [Theory]
    [InlineData("RealName:FaceSecret", "RealName:AppSecret", "RealName:FaceSecret equals RealName:AppSecret")]
    [InlineData("RealName:AdminToken", "RealName:ApiKeys:0", "RealName:AdminToken equals RealName:ApiKeys:0")]
    [InlineData("RealName:IdKeySecret", "RealName:EncryptionKey", "RealName:IdKeySecret equals RealName:EncryptionKey")]
    public void Should_refuse_two_equal_secrets_without_printing_them(string setting, string copyOf, string line)
    {
        var settings = ProductionSettings.Strong();
        settings[setting] = settings[copyOf];

        var refused = Refused(settings);

        Assert.StartsWith(line, Assert.Single(refused.Problems), StringComparison.Ordinal);
        Assert.DoesNotContain(settings[copyOf]!, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_accept_admin_over_https_and_remoting_with_tls_beyond_loopback()
    {
        var options = new RealNameOptions();
        new ConfigurationBuilder().AddInMemoryCollection(ProductionSettings.Strong()).Build().GetSection(RealNameOptions.Section).Bind(options);
        options.AdminUrl = "https://0.0.0.0:9110";
        options.RemotingHost = "10.0.0.5";
        options.Remoting.Tls.Enabled = true;

        ProductionGuard.Check(options);
    }

    [Fact]
    public void Should_read_every_secret_from_its_file_without_the_trailing_newline()
    {
        var strong = ProductionSettings.Strong();
        var settings = new Dictionary<string, string?> { ["RealName:Profile"] = "production", ["RealName:Providers:Mode"] = "http" };
        foreach (var (key, value) in strong.Where(kv => kv.Key.StartsWith("RealName:Providers:", StringComparison.Ordinal)))
            settings[key] = value;
        foreach (var name in new[] { "AppSecret", "FaceSecret", "AdminToken", "EncryptionKey", "IdKeySecret" })
            settings[$"RealName:{name}File"] = WriteFile(name, strong[$"RealName:{name}"] + "\n");
        var secondKey = ProductionSettings.Secret("live_key2");
        settings["RealName:ApiKeysFile"] = WriteFile("keys", $"{strong["RealName:ApiKeys:0"]}\n\n{secondKey}\r\n");

        var builder = Builder(settings).AddRealName();
        var options = builder.Build().Services.GetRequiredService<IOptions<RealNameOptions>>().Value;

        Assert.Equal(strong["RealName:AppSecret"], options.AppSecret);
        Assert.Equal(strong["RealName:FaceSecret"], options.FaceSecret);
        Assert.Equal(strong["RealName:AdminToken"], options.AdminToken);
        Assert.Equal(strong["RealName:EncryptionKey"], options.EncryptionKey);
        Assert.Equal([strong["RealName:ApiKeys:0"]!, secondKey], options.ApiKeys.Select(k => k.Key));
    }

    [Fact]
    public void Should_refuse_a_missing_secret_file_or_a_secret_given_twice_naming_the_setting()
    {
        var settings = ProductionSettings.Strong();
        settings["RealName:AppSecret"] = null;
        settings["RealName:AppSecretFile"] = Path.Combine(_folder, "no-such-file");
        settings["RealName:AdminTokenFile"] = WriteFile("admin", ProductionSettings.Secret("other_admin"));

        var refused = Assert.Throws<StartRefusedException>(() => Builder(settings).AddRealName());

        Assert.Equal(2, refused.Problems.Count);
        Assert.StartsWith("RealName:AppSecretFile names a file that cannot be read", refused.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith("RealName:AdminToken and RealName:AdminTokenFile are both set", refused.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_non_zero_with_one_stderr_line_per_refused_setting_and_no_secret()
    {
        var settings = ProductionSettings.Strong();
        var shared = settings["RealName:AppSecret"]!;
        settings["RealName:FaceSecret"] = shared;
        settings["RealName:AdminToken"] = "t";
        settings.Remove("RealName:DataPath");
        await using var node = new NodeProcess("refused", [], settings.ToDictionary(kv => kv.Key, kv => kv.Value ?? ""), _folder);

        node.Start();
        await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(StartRefusedException.ExitCode, node.ExitCode);
        Assert.Equal(
            ["RealName refused to start: RealName:AdminToken is shorter than 32 characters.",
             "RealName refused to start: RealName:FaceSecret equals RealName:AppSecret; every secret must be different."],
            node.ErrorLines);
        Assert.DoesNotContain(node.ErrorLines, l => l.Contains(shared, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_refuse_an_unknown_persistence_provider()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Builder(new() { ["RealName:Persistence:Provider"] = "mysql" }).AddRealName());

        Assert.Contains("Persistence:Provider", ex.Message);
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }
}
