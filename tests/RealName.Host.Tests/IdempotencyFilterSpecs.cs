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

/// <summary>
/// The idempotency filter against its region: it fails closed (when the key's record cannot be reached, nothing runs),
/// and a fresh answer is sent only once the region holds it.
/// </summary>
public sealed class IdempotencyFilterSpecs : IAsyncLifetime
{
    private readonly ActorSystem _system = ActorSystem.Create("idem-filter");

    [Fact]
    public async Task Should_answer_503_and_run_nothing_when_the_idempotency_region_does_not_answer()
    {
        var silent = _system.ActorOf(Props.Create(() => new Silent()));
        var options = Options.Create(new RealNameOptions { Idempotency = { Timeout = TimeSpan.FromMilliseconds(200) } });
        var filter = new IdempotencyFilter(new Region(silent), options, NullLogger<IdempotencyFilter>.Instance);
        var http = KeyedCancel();
        var ran = false;

        var result = await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ =>
        {
            ran = true;
            return ValueTask.FromResult<object?>(Results.Ok());
        });

        Assert.False(ran);
        http.Response.Body = new MemoryStream();
        await ((IResult)result!).ExecuteAsync(http);
        Assert.Equal(503, http.Response.StatusCode);
        Assert.Equal("1", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        Assert.Contains("idempotency_unavailable", await new StreamReader(http.Response.Body).ReadToEndAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_send_a_fresh_answer_only_after_the_idempotency_region_kept_it()
    {
        var (reached, kept) = (new TaskCompletionSource(), new TaskCompletionSource());
        var keeper = _system.ActorOf(Props.Create(() => new Keeper(reached, kept.Task)));
        var options = Options.Create(new RealNameOptions { Idempotency = { Timeout = TimeSpan.FromSeconds(30) } });
        var filter = new IdempotencyFilter(new Region(keeper), options, NullLogger<IdempotencyFilter>.Instance);
        var http = KeyedCancel();

        var answered = filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ => ValueTask.FromResult<object?>(Results.Ok())).AsTask();

        // The handler ran and its answer went to the region; the caller must not have it until the region keeps it,
        // or a retry through another node could get there first and be told the request is still running.
        await Task.WhenAny(reached.Task, answered).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(reached.Task.IsCompleted, "the answer reached the region before the caller got it");
        var early = await Task.WhenAny(answered, Task.Delay(TimeSpan.FromMilliseconds(300)));
        Assert.NotSame(answered, early);
        kept.SetResult();
        Assert.NotNull(await answered.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static DefaultHttpContext KeyedCancel()
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "POST";
        http.Request.Path = "/v1/sessions/vs_aaaaaaaaaaaaaaaaaaaaaaaa/cancel";
        http.Request.Headers[IdempotencyFilter.Header] = "k1";
        http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("{}"));
        http.Items[ApiKeyFilter.KeyScopeItem] = "scope";
        WithServices(http);
        return http;
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

    /// <summary>A region that starts every key fresh, says when a completion <paramref name="reached"/> it, and answers it with <c>Kept</c> once <paramref name="keep"/> is done.</summary>
    private sealed class Keeper : ReceiveActor
    {
        public Keeper(TaskCompletionSource reached, Task keep)
        {
            Receive<IdempotencyProtocol.Start>(_ => Sender.Tell(new IdempotencyProtocol.Started("Fresh")));
            Receive<IdempotencyProtocol.Complete>(_ =>
            {
                reached.TrySetResult();
                keep.PipeTo(Sender, success: () => IdempotencyProtocol.Kept.Instance);
            });
        }
    }

    private sealed class Region(IActorRef actor) : IRequiredActor<IdempotencyMarker>
    {
        public IActorRef ActorRef => actor;

        public Task<IActorRef> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(actor);
    }
}
