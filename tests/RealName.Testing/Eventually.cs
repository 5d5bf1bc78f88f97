namespace RealName.Testing;

/// <summary>Polling with a deadline: how the tests wait for asynchronous outcomes (no fixed sleeps as synchronisation).</summary>
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
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>Polls <paramref name="probe"/> until it returns a value; connection errors count as "not yet". Throws <see cref="TimeoutException"/> naming <paramref name="what"/>.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value)
                    return value;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                last = ex;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{what} did not happen within {timeout}" + (last is null ? "" : $" (last error: {last.GetType().Name})"));
    }
}
