using System.Security.Cryptography;
using RealName.Cluster.Tests.Infrastructure;

namespace RealName.Cluster.Tests;

/// <summary>One node process on its embedded SQLite journal (synchronous FULL), killed with <c>kill -9</c>.</summary>
/// <remarks>
/// <see cref="IAsyncLifetime"/>, not <see cref="IAsyncDisposable"/>: xUnit v2 never calls <c>DisposeAsync</c> of an
/// <see cref="IAsyncDisposable"/> test class, which left the node process and its folder behind after every run.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit disposes it through IAsyncLifetime.DisposeAsync.")]
public sealed class SqliteDurabilitySpecs : IAsyncLifetime
{
    private readonly string _workFolder = Path.Combine(Path.GetTempPath(), "realname-sqlite-kill-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly NodeProcess _node;

    public SqliteDurabilitySpecs()
    {
        Directory.CreateDirectory(_workFolder);
        var remoting = NodeProcess.FreePort();
        _node = new NodeProcess("solo", [$"akka.tcp://realname@127.0.0.1:{remoting}"], new Dictionary<string, string>
        {
            ["RealName:RateLimits:Enabled"] = "false",
            ["RealName:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["RealName:IdKeySecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Logging:LogLevel:Default"] = "Warning",
        }, _workFolder, remotingPort: remoting);
    }

    [Fact]
    public async Task Should_keep_every_acknowledged_session_step_after_kill_minus_nine_of_a_node_writing_them_in_shared_transactions()
    {
        _node.Start();
        await _node.WaitReadyAsync(TimeSpan.FromSeconds(90));

        // 200 flows at once: their events share the journal's transactions. Each step counts once it is answered.
        var acknowledged = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var session = await FlowClient.CreateAsync(_node.Client, $"acc_durable_{i}");
            if (i % 2 == 0)
                await FlowClient.SubmitAsync(_node.Client, session, FlowClient.IdNumber(500 + i));
            return (Session: session, Submitted: i % 2 == 0);
        }));
        _node.Kill();

        _node.Start();
        await _node.WaitReadyAsync(TimeSpan.FromSeconds(90));
        foreach (var (session, submitted) in acknowledged)
        {
            var view = await FlowClient.GetSessionAsync(_node.Client, session);
            Assert.Equal(submitted ? "awaiting_scan" : "requires_input", view?["status"]?.GetValue<string>());
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        try
        {
            Directory.Delete(_workFolder, recursive: true);
        }
        catch (IOException)
        {
            // The node's files may still be closing; the folder is uniquely named under the temp path.
        }
    }
}
