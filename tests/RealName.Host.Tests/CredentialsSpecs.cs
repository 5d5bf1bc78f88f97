using Microsoft.Extensions.Configuration;
using RealName.Host.Configuration;

namespace RealName.Host.Tests;

/// <summary>Named API keys with scopes and named admin tokens, as the configuration binder reads them (issue 14, item 7).</summary>
public sealed class CredentialsSpecs
{
    private static RealNameOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(RealNameOptions.Section).Get<RealNameOptions>() ?? new RealNameOptions();

    [Fact]
    public void Should_read_a_plain_string_api_key_as_a_key_with_every_scope_and_a_name_that_is_not_the_key()
    {
        var options = Bind(new() { ["RealName:ApiKeys:0"] = "live_key_0123456789", ["RealName:ApiKeys:1:Name"] = "web", ["RealName:ApiKeys:1:Key"] = "k2", ["RealName:ApiKeys:1:Scopes:0"] = "read" });

        var plain = Credentials.ApiKeys(options)[0];
        Assert.Equal("live_key_0123456789", plain.Key);
        Assert.Equal(ApiScopes.All, plain.Scopes);
        Assert.Matches("^key-[0-9a-f]{8}$", plain.Name);
        Assert.Equal(("web", "k2", "read"), (options.ApiKeys[1].Name, options.ApiKeys[1].Key, Assert.Single(options.ApiKeys[1].Scopes)));
        Credentials.Check(options);
    }

    [Fact]
    public void Should_name_the_sandbox_key_and_the_sandbox_admin_token_sandbox_when_nothing_is_configured()
    {
        var options = Bind([]);

        var key = Assert.Single(Credentials.ApiKeys(options));
        Assert.Equal(("sandbox", SandboxCredentials.ApiKey), (key.Name, key.Key));
        Assert.Equal(ApiScopes.All, key.Scopes);
        var token = Assert.Single(Credentials.AdminTokens(options));
        Assert.Equal(("sandbox", SandboxCredentials.AdminToken), (token.Name, token.Token));
    }

    [Fact]
    public void Should_keep_the_single_admin_token_as_a_token_named_admin_beside_the_named_ones()
    {
        var options = Bind(new() { ["RealName:AdminToken"] = "single_token", ["RealName:AdminTokens:0:Name"] = "alice", ["RealName:AdminTokens:0:Token"] = "alice_token" });

        Assert.Equal([("alice", "alice_token"), ("admin", "single_token")], Credentials.AdminTokens(options).Select(t => (t.Name, t.Token)));
        Assert.Empty(Credentials.AdminTokens(Bind(new() { ["RealName:AdminToken"] = "" })));
    }

    [Theory]
    [InlineData("RealName:ApiKeys:0:Scopes:0", "admin", "unknown scope 'admin'")]
    [InlineData("RealName:ApiKeys:0:Name", "app", "reserved")]
    [InlineData("RealName:ApiKeys:0:Name", "", "RealName:ApiKeys:0:Name")]
    [InlineData("RealName:ApiKeys:1:Name", "web", "names repeat: web")]
    public void Should_refuse_to_start_with_a_key_that_is_unnamed_reserved_repeated_or_of_an_unknown_scope(string setting, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["RealName:ApiKeys:0:Name"] = "web",
            ["RealName:ApiKeys:0:Key"] = "k1",
            ["RealName:ApiKeys:0:Scopes:0"] = "sessions",
            ["RealName:ApiKeys:1:Name"] = "reader",
            ["RealName:ApiKeys:1:Key"] = "k2",
            ["RealName:ApiKeys:1:Scopes:0"] = "read",
            [setting] = value,
        };

        Assert.Contains(expected, Assert.Throws<InvalidOperationException>(() => Credentials.Check(Bind(settings))).Message);
    }

    [Fact]
    public void Should_refuse_to_start_with_a_named_key_that_lists_no_scope()
    {
        var options = Bind(new() { ["RealName:ApiKeys:0:Name"] = "web", ["RealName:ApiKeys:0:Key"] = "k1" });

        Assert.Contains("RealName:ApiKeys:0:Scopes lists none", Assert.Throws<InvalidOperationException>(() => Credentials.Check(options)).Message);
    }
}
