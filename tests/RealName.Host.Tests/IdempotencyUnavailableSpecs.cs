using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RealName.Actors.Idempotency;
using RealName.Host.Configuration;
using RealName.Host.Http;
using RealName.Host.Http.Idempotency;

namespace RealName.Host.Tests;

/// <summary>The idempotency filter fails closed: when the key's record cannot be reached, nothing runs.</summary>
public sealed class IdempotencyUnavailableSpecs : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("idem-unavailable");

    [Fact]
    public async Task Should_answer_503_and_run_nothing_when_the_idempotency_region_does_not_answer()
    {
        var silent = _system.ActorOf(Props.Create(() => new Silent()));
        var options = Options.Create(new RealNameOptions { Idempotency = { Timeout = TimeSpan.FromMilliseconds(200) } });
        var filter = new IdempotencyFilter(new Region(silent), options, NullLogger<IdempotencyFilter>.Instance);
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = "/v1/sessions/vs_aaaaaaaaaaaaaaaaaaaaaaaa/cancel";
        http.Request.Headers[IdempotencyFilter.Header] = "k1";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("{}"));
        http.Items[ApiKeyFilter.KeyScopeItem] = "scope";
        var ran = false;

        var result = await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ =>
        {
            ran = true;
            return ValueTask.FromResult<object?>(Results.Ok());
        });

        Assert.False(ran);
        http.Response.Body = new MemoryStream();
        await ((IResult)result!).ExecuteAsync(WithServices(http));
        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        Assert.Contains("idempotency_unavailable", await new StreamReader(http.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }

    private static HttpContext WithServices(HttpContext http)
    {
        http.RequestServices = new ServiceCollection().AddLogging().AddProblemDetails()
            .BuildServiceProvider();
        return http;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _system.Terminate();

    /// <summary>A region that never answers (its node is gone).</summary>
    private sealed class Silent : ReceiveActor
    {
        public Silent() => ReceiveAny(_ => { });
    }

    private sealed class Region(IActorRef actor) : IRequiredActor<IdempotencyMarker>
    {
        public IActorRef ActorRef => actor;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }
}
