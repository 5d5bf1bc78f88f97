using System.Diagnostics;
using System.Text;
using Akka.Actor;
using Akka.Event;

namespace RealName.Host.Projections.Webhooks;

/// <summary>
/// Sends due deliveries from the outbox, at least once: a delivery is marked delivered only after a
/// 2xx, so a crash between the answer and the mark sends it again (same event id). Each endpoint has
/// its own attempts in flight (<see cref="WebhookSettings.MaxInFlightPerEndpoint"/>), and an attempt
/// is an asynchronous HTTP call, so a slow or dead endpoint holds up nobody else. Runs beside the
/// projection, once per cluster.
/// </summary>
public sealed class WebhookDispatcher : ReceiveActor, IWithTimers
{
    private const int MaxAnswerChars = 500;

    private readonly WebhookOutbox _outbox;
    private readonly WebhookEndpoints _endpoints;
    private readonly IHttpClientFactory _http;
    private readonly WebhookSettings _settings;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _inFlight = [];
    private readonly Dictionary<string, int> _perEndpoint = [];
    private bool _polling;

    public WebhookDispatcher(WebhookOutbox outbox, WebhookEndpoints endpoints, IHttpClientFactory http, WebhookSettings settings, TimeProvider clock)
    {
        _outbox = outbox;
        _endpoints = endpoints;
        _http = http;
        _settings = settings;
        _clock = clock;
        Receive<Poll>(_ => PollDue());
        Receive<DueFound>(OnDue);
        Receive<Attempted>(OnAttempted);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Look for due deliveries now (the projection sends it after a batch that enqueued some).</summary>
    public sealed record Poll
    {
        public static readonly Poll Instance = new();
    }

    protected override void PreStart() => Timers.StartPeriodicTimer("poll", Poll.Instance, _settings.PollInterval);

    private void PollDue()
    {
        if (_polling)
            return;
        _polling = true;
        _outbox.DueAsync(_clock.GetUtcNow(), 500, CancellationToken.None)
            .PipeTo(Self, success: due => new DueFound(due, null), failure: e => new DueFound([], e.GetType().Name));
    }

    private void OnDue(DueFound found)
    {
        _polling = false;
        if (found.Failure is not null)
            _log.Warning("Reading due webhook deliveries failed: {0}", found.Failure);
        foreach (var delivery in found.Due)
        {
            if (_inFlight.Contains(delivery.Id) || _perEndpoint.GetValueOrDefault(delivery.EndpointId) >= _settings.MaxInFlightPerEndpoint)
                continue;
            _inFlight.Add(delivery.Id);
            _perEndpoint[delivery.EndpointId] = _perEndpoint.GetValueOrDefault(delivery.EndpointId) + 1;
            AttemptAsync(delivery).PipeTo(Self, success: () => new Attempted(delivery), failure: _ => new Attempted(delivery));
        }
    }

    private void OnAttempted(Attempted attempted)
    {
        _inFlight.Remove(attempted.Delivery.Id);
        if (--_perEndpoint[attempted.Delivery.EndpointId] == 0)
            _perEndpoint.Remove(attempted.Delivery.EndpointId);
    }

    private async Task AttemptAsync(DueDelivery delivery)
    {
        var at = _clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        string? answer;
        var delivered = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(delivery.Body, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation(WebhookSignature.Header, WebhookSignature.Sign(_endpoints.Open(delivery.SealedSecret), at.ToUnixTimeSeconds(), delivery.Body));
            using var response = await _http.CreateClient(WebhooksHosting.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead);
            status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            answer = text.Length > MaxAnswerChars ? text[..MaxAnswerChars] : text;
            delivered = response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or OperationCanceledException or TimeoutException
            or Polly.Timeout.TimeoutRejectedException)
        {
            answer = e is HttpRequestException http ? $"transport error: {http.HttpRequestError}" : "no answer within the timeout";
        }
        var latency = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        DateTimeOffset? next = null;
        if (!delivered)
        {
            var retryAt = _clock.GetUtcNow() + _settings.Backoff(delivery.Attempts + 1, Random.Shared.NextDouble());
            next = retryAt - delivery.CreatedAt <= _settings.MaxAge ? retryAt : null;
        }
        await _outbox.RecordAsync(delivery, at, status, answer, latency, delivered, next, CancellationToken.None);
        WebhookMetrics.Attempted(delivered, latency);
        if (!delivered && next is null)
        {
            WebhookMetrics.EndpointDisabled();
            _log.Warning("Webhook endpoint {0} disabled: delivery {1} failed for {2}", delivery.EndpointId, delivery.Id, _settings.MaxAge);
        }
    }

    private sealed record DueFound(IReadOnlyList<DueDelivery> Due, string? Failure);

    private sealed record Attempted(DueDelivery Delivery);
}
