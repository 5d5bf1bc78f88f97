namespace RealName.Host.Tests.Infrastructure;

/// <summary>Deadline-bounded polling for asynchronous outcomes (no fixed sleeps as synchronisation).</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Retries <paramref name="assertion"/> until it passes or the deadline is reached; then rethrows its last failure.</summary>
    public static async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? deadline = null, TimeSpan? interval = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < until)
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100));
            }
        }
    }
}
