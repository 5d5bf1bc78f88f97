namespace RealName.Cli.Tests.Infrastructure;

/// <summary>Deadline-bounded polling for asynchronous outcomes (no fixed sleeps as synchronisation).</summary>
public static class Eventually
{
    /// <summary>Retries <paramref name="assertion"/> until it passes or the deadline is reached; then rethrows its last failure.</summary>
    public static async Task AssertAsync(Func<Task> assertion, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < until)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
