namespace RealName.Cluster.Tests.Infrastructure;

/// <summary>Polling with a deadline: the only way these tests wait for the cluster to converge.</summary>
public static class Eventually
{
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

    /// <summary>Retries <paramref name="assertion"/> until it passes or <paramref name="timeout"/> ends; then rethrows its last failure.</summary>
    public static async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }
}
