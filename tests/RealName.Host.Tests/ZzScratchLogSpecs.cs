using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RealName.Actors.Providers;
using RealName.Host.Configuration;
using RealName.Host.Hosting;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

public sealed class ZzScratchLogSpecs
{
    private sealed class Collect : ILoggerProvider, ILogger
    {
        public static readonly System.Collections.Concurrent.ConcurrentQueue<string> Lines = new();
        public ILogger CreateLogger(string categoryName) => this;
        public void Dispose() { }
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var extra = state is IEnumerable<KeyValuePair<string, object?>> kv ? string.Join(",", kv.Select(p => p.Key + "=" + p.Value)) : "";
            Lines.Enqueue($"{logLevel} {formatter(state, exception)} | {extra} | {exception}");
        }
    }

    [Fact]
    public async Task Scratch()
    {
        await using var vendor = await FakeVendor.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(vendor.NodeSettings(TimeSpan.FromMilliseconds(300), 2, 4)).Build();
        var options = configuration.GetSection(RealNameOptions.Section).Get<RealNameOptions>()!;
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(new Collect()).SetMinimumLevel(LogLevel.Trace)).AddSingleton(TimeProvider.System);
        services.AddRealNameProviders(options);
        await using var sp = services.BuildServiceProvider();
        vendor.Set(FakeVendor.GroupDirectory, VendorBehaviour.ServerError);
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<ProviderUnavailableException>(() => sp.GetRequiredService<IGroupDirectory>().FindAsync("jd_secretname", default));
        File.WriteAllLines("/tmp/scratch-log.txt", Collect.Lines);
    }
}
