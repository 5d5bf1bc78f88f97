using RealName.Testing;

namespace RealName.Host.Tests.Infrastructure;

/// <summary>A node whose webhook retries come after a second and whose dispatcher polls every 100 ms, and a receiver: the results specs' setting.</summary>
public abstract class WebhookNodeSpecs : IAsyncLifetime
{
    protected RealNameNode Node { get; private set; } = null!;

    protected WebhookReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await RealNameNode.StartAsync(new Dictionary<string, string?>
        {
            ["RealName:Webhooks:FirstRetryDelay"] = "00:00:01",
            ["RealName:Webhooks:PollInterval"] = "00:00:00.1",
        });
        Receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Node.DisposeAsync();
    }
}
