using System.Text.Json;
using RealName.Cli.Tests.Infrastructure;
using RealName.Host.Projections.Webhooks;
using RealName.Testing;

namespace RealName.Cli.Tests;

/// <summary><c>webhooks list|add|remove|rotate-secret|deliveries|retry</c> against one real node and a real receiver.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class WebhookCommandsSpecs(SingleNode node)
{
    private async Task<string> CancelASessionAsync()
    {
        var session = await node.CreateSessionIdAsync(TestData.Account("hook"));
        using var canceled = await node.Client.PostAsync($"/v1/sessions/{session}/cancel", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(canceled.IsSuccessStatusCode, await canceled.Content.ReadAsStringAsync());
        return session;
    }

    /// <summary>The id of the endpoint's newest delivery, once it has <paramref name="status"/> (read with <c>webhooks deliveries --json</c>).</summary>
    private Task<string> NewestDeliveryAsync(string endpoint, string status) => Eventually.ReturnsAsync(async () =>
    {
        var log = Json.Parse(await node.CliAsync("webhooks", "deliveries", endpoint, "--json"));
        return log.GetProperty("data").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } d && d.Str("status") == status ? d.Str("id") : null;
    }, TimeSpan.FromSeconds(30), $"a {status} delivery");

    [Fact]
    public async Task Should_add_list_retry_rotate_and_remove_an_endpoint_with_the_cli()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Failing = true;
        var added = Json.Parse(await node.CliAsync("webhooks", "add", receiver.Url, "--events", "session.canceled", "--json"));
        var endpoint = added.Str("id");
        var listed = (await node.CliAsync("webhooks", "list")).AssertSucceeded();
        Assert.Contains(endpoint, listed.Output);
        Assert.Contains("enabled", listed.Output);
        Assert.DoesNotContain(added.Str("secret"), listed.Output);

        var first = await CancelASessionAsync();
        var refused = await NewestDeliveryAsync(endpoint, "pending");
        await Eventually.AwaitAssertAsync(async () => Assert.Contains("500", (await node.CliAsync("webhooks", "deliveries", endpoint)).AssertSucceeded().Output));
        receiver.Failing = false;
        (await node.CliAsync("webhooks", "retry", refused)).AssertSucceeded();
        await NewestDeliveryAsync(endpoint, "delivered");
        Assert.Contains(receiver.Received, r => r.ObjectId == first && r.Type == "session.canceled");

        var rotated = Json.Parse(await node.CliAsync("webhooks", "rotate-secret", endpoint, "--json")).Str("secret");
        Assert.NotEqual(added.Str("secret"), rotated);
        var second = await CancelASessionAsync();
        var hook = await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Received.FirstOrDefault(r => r.ObjectId == second)), TimeSpan.FromSeconds(30), "the second delivery");
        Assert.True(WebhookSignature.Verify(rotated, hook.Signature!, hook.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify(added.Str("secret"), hook.Signature!, hook.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)));

        (await node.CliAsync("webhooks", "remove", endpoint)).AssertSucceeded();
        Assert.DoesNotContain(endpoint, (await node.CliAsync("webhooks", "list")).AssertSucceeded().Output);
        (await node.CliAsync("webhooks", "remove", endpoint)).AssertFailed(1, "webhook_not_found");
        (await node.CliAsync("webhooks", "retry", "whd_nosuchdelivery")).AssertFailed(1, "webhook_delivery_not_found");
    }
}
