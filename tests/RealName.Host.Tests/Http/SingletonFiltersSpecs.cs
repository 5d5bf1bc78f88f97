using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RealName.Host.Http;

namespace RealName.Host.Tests.Http;

/// <summary>
/// The API-key, admin-token, page-grant and idempotency filters prepare their state once; added with
/// ASP.NET Core's <c>AddEndpointFilter&lt;T&gt;()</c> they would be constructed again for every request.
/// </summary>
public sealed class SingletonFiltersSpecs
{
    [Fact]
    public async Task A_singleton_filter_is_constructed_once_and_runs_for_every_request_of_every_endpoint_it_guards()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var tally = new Tally();
        builder.Services.AddSingleton(tally);
        builder.Services.AddSingleton<CountingFilter>();
        await using var app = builder.Build();
        var group = app.MapGroup("/guarded").AddSingletonFilter<CountingFilter>();
        group.MapGet("/a", () => "a");
        group.MapGet("/b", () => "b");
        app.MapGet("/single", () => "single").AddSingletonFilter<CountingFilter>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        var answers = new List<string>();
        foreach (var path in new[] { "/guarded/a", "/guarded/b", "/guarded/a", "/single" })
            answers.Add(await http.GetStringAsync(path));

        Assert.Equal(["a", "b", "a", "single"], answers);
        Assert.Equal(1, tally.Constructed);
        Assert.Equal(4, tally.Invocations);
    }

    private sealed class Tally
    {
        public int Constructed;
        public int Invocations;
    }

    private sealed class CountingFilter : IEndpointFilter
    {
        private readonly Tally _tally;

        public CountingFilter(Tally tally)
        {
            _tally = tally;
            Interlocked.Increment(ref tally.Constructed);
        }

        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            Interlocked.Increment(ref _tally.Invocations);
            return next(context);
        }
    }
}
