using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary>The admin port over plain HTTP: where the admin API is and is not served, and who may use it.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class AdminListenerSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_not_serve_the_admin_api_on_the_public_port()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/cluster/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SingleNode.AdminToken);

        using var response = await node.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", await Code(response));
    }

    [Fact]
    public async Task Should_refuse_the_admin_api_without_the_admin_token()
    {
        using var anonymous = await node.AdminHttp.GetAsync("/admin/cluster/status");
        using var apiKey = new HttpRequestMessage(HttpMethod.Get, "/admin/registry/stats");
        apiKey.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "rn_test_key");
        using var withApiKey = await node.AdminHttp.SendAsync(apiKey);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("unauthorized", await Code(anonymous));
        Assert.Equal(HttpStatusCode.Unauthorized, withApiKey.StatusCode);
    }

    [Fact]
    public async Task Should_serve_the_admin_api_with_the_admin_token()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/cluster/status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SingleNode.AdminToken);

        using var response = await node.AdminHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Should_not_serve_the_public_api_on_the_admin_port()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/accounts/acc_1/verification");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "rn_test_key");

        using var response = await node.AdminHttp.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", await Code(response));
    }

    [Fact]
    public async Task Should_serve_health_on_both_ports_and_metrics_on_the_admin_port_only()
    {
        foreach (var client in new[] { node.Client, node.AdminHttp })
        {
            using var healthz = await client.GetAsync("/healthz");
            Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        }
        using var adminMetrics = await node.AdminHttp.GetAsync("/metrics");
        using var publicMetrics = await node.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, adminMetrics.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, publicMetrics.StatusCode);
        Assert.Equal("not_found", await Code(publicMetrics));
    }

    [Fact]
    public async Task Should_report_member_journal_and_registry_in_readyz()
    {
        using var response = await node.Client.GetAsync("/readyz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = body.RootElement.GetProperty("checks");
        Assert.Equal("Up", checks.GetProperty("member").GetString());
        Assert.Equal("ok", checks.GetProperty("journal").GetString());
        Assert.Equal("ok", checks.GetProperty("registry").GetString());
    }

    private static async Task<string?> Code(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("code").GetString();
    }
}
