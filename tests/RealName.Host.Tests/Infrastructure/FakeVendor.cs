using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RealName.Host.Tests.Infrastructure;

/// <summary>
/// Every provider's vendor as one real Kestrel app on 127.0.0.1 (a free port), speaking the wire
/// protocol of <c>VendorWire</c>. Each endpoint's behaviour can be switched at any time (answer,
/// 500, hang past any timeout, malformed JSON); it counts the attempts it saw and keeps the SMS it
/// was asked to send, so a test can read the code.
/// </summary>
public sealed class FakeVendor : IAsyncDisposable
{
    public const string Identity = "identity";
    public const string Carrier = "carrier";
    public const string Bank = "bank";
    public const string GroupDirectory = "directory";
    public const string Sms = "sms";
    public const string Enterprise = "enterprise";
    public const string Payment = "payment";
    public const string Face = "face";
    public const string EnterpriseDirectory = "enterprise_directory";

    /// <summary>How long a hanging endpoint waits: far past every client timeout (it ends when the client gives up).</summary>
    private static readonly TimeSpan HangFor = TimeSpan.FromSeconds(60);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, VendorBehaviour> _behaviours = new();
    private readonly ConcurrentDictionary<string, string> _results = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ReceivedRequest>> _requests = new();
    private readonly ConcurrentDictionary<string, Dictionary<string, object?>> _accounts = new();
    private readonly ConcurrentDictionary<string, string> _links = new();
    private readonly ConcurrentDictionary<string, Dictionary<string, object?>> _enterprises = new();
    private readonly ConcurrentDictionary<string, Dictionary<string, object?>> _faceChecks = new();

    private FakeVendor(WebApplication app) => _app = app;

    /// <summary>The vendor's base URL (every provider's <c>BaseUrl</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeVendor> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var vendor = new FakeVendor(builder.Build());
        vendor.Map();
        await vendor._app.StartAsync();
        var address = vendor._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        vendor.BaseAddress = new Uri(address);
        return vendor;
    }

    /// <summary>What <paramref name="endpoint"/> does from now on.</summary>
    public void Set(string endpoint, VendorBehaviour behaviour) => _behaviours[endpoint] = behaviour;

    /// <summary>The <c>result</c> word a check endpoint answers (<c>match</c> unless told).</summary>
    public void AnswerResult(string endpoint, string result) => _results[endpoint] = result;

    /// <summary>A group account of the directory, optionally linked to a cloud account.</summary>
    public void AddAccount(string account, bool verified, string? name, string? idNumber, string? phone, string? linkedCloudAccount = null)
    {
        _accounts[account] = new Dictionary<string, object?>
        {
            ["account"] = account,
            ["verified"] = verified,
            ["name"] = name,
            ["idNumber"] = idNumber,
            ["phone"] = phone,
        };
        if (linkedCloudAccount is not null)
            _links[linkedCloudAccount] = account;
    }

    /// <summary>An enterprise of the group's enterprise station, linked to <paramref name="cloudAccount"/>.</summary>
    public void AddEnterprise(string cloudAccount, string subjectType, string enterpriseName, string creditCode, bool verified) =>
        _enterprises[cloudAccount] = new Dictionary<string, object?>
        {
            ["subjectType"] = subjectType,
            ["enterpriseName"] = enterpriseName,
            ["creditCode"] = creditCode,
            ["verified"] = verified,
        };

    /// <summary>The face checks started so far: bizToken → the name, ID number and reference RealName sent.</summary>
    public IReadOnlyDictionary<string, (string Name, string IdNumber, string Reference)> FaceChecks() =>
        _faceChecks.ToDictionary(c => c.Key, c => ((string)c.Value["name"]!, (string)c.Value["idNumber"]!, (string)c.Value["reference"]!));

    /// <summary>The person did the liveness capture: the provider now holds this verdict for <paramref name="bizToken"/>.</summary>
    public void CompleteFaceCheck(string bizToken, bool passed, double similarity, bool liveness)
    {
        var check = _faceChecks[bizToken];
        check["status"] = "completed";
        check["passed"] = passed;
        check["similarity"] = similarity;
        check["liveness"] = liveness;
        check["providerRef"] = "vendor_" + bizToken[^6..];
    }

    /// <summary>How many requests <paramref name="endpoint"/> has received (retries included).</summary>
    public int Attempts(string endpoint) => _attempts.GetValueOrDefault(endpoint);

    public IReadOnlyList<ReceivedRequest> Requests(string endpoint) => _requests.TryGetValue(endpoint, out var q) ? q.ToList() : [];

    /// <summary>The newest six-digit code texted to <paramref name="phone"/>.</summary>
    public string LastSmsCode(string phone)
    {
        var text = Requests(Sms).Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Last(m => m.GetProperty("phone").GetString() == phone).GetProperty("text").GetString()!;
        return Regex.Match(text, @"\d{6}").Value;
    }

    /// <summary>
    /// Configuration of a node whose providers are all this vendor over HTTP. The circuit breaker
    /// needs many attempts unless told otherwise, so only the tests about it see it open.
    /// </summary>
    public Dictionary<string, string?> NodeSettings(TimeSpan timeout, int retries, int minimumThroughput = 1000, TimeSpan? breakDuration = null)
    {
        var settings = new Dictionary<string, string?> { ["RealName:Providers:Mode"] = "http" };
        foreach (var provider in new[] { "Identity", "Carrier", "Bank", "Directory", "Sms", "BusinessRegistry", "Payment", "Face" })
        {
            var prefix = $"RealName:Providers:{provider}:";
            settings[prefix + "BaseUrl"] = BaseAddress.ToString();
            settings[prefix + "ApiKey"] = "vendor_key_" + provider.ToLowerInvariant();
            settings[prefix + "Timeout"] = timeout.ToString("c", CultureInfo.InvariantCulture);
            settings[prefix + "Retries"] = retries.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "RetryDelay"] = "00:00:00.020";
            settings[prefix + "CircuitBreaker:MinimumThroughput"] = minimumThroughput.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "CircuitBreaker:BreakDuration"] = (breakDuration ?? TimeSpan.FromSeconds(30)).ToString("c", CultureInfo.InvariantCulture);
        }
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.MapPost("/v1/identity/check", ctx => HandleAsync(ctx, Identity, CheckAnswer(Identity)));
        _app.MapPost("/v1/carrier/check", ctx => HandleAsync(ctx, Carrier, CheckAnswer(Carrier)));
        _app.MapPost("/v1/bank/check", ctx => HandleAsync(ctx, Bank, CheckAnswer(Bank)));
        _app.MapGet("/v1/accounts/by-cloud/{id}", ctx => HandleAsync(ctx, GroupDirectory,
            _ => _links.TryGetValue((string)ctx.Request.RouteValues["id"]!, out var account) ? AccountAnswer(account) : Results.NotFound()));
        _app.MapGet("/v1/accounts/{name}", ctx => HandleAsync(ctx, GroupDirectory, _ => AccountAnswer((string)ctx.Request.RouteValues["name"]!)));
        _app.MapGet("/v1/enterprises/by-cloud/{id}", ctx => HandleAsync(ctx, EnterpriseDirectory,
            _ => _enterprises.TryGetValue((string)ctx.Request.RouteValues["id"]!, out var enterprise) ? Results.Json(enterprise) : Results.NotFound()));
        _app.MapPost("/v1/sms", ctx => HandleAsync(ctx, Sms, _ => Results.Accepted()));
        _app.MapPost("/v1/enterprise/check", ctx => HandleAsync(ctx, Enterprise, CheckAnswer(Enterprise)));
        _app.MapPost("/v1/payments", ctx => HandleAsync(ctx, Payment, _ => Results.Accepted()));
        _app.MapPost("/v1/face/checks", ctx => HandleAsync(ctx, Face, StartFaceCheck));
        _app.MapGet("/v1/face/checks/{bizToken}", ctx => HandleAsync(ctx, Face,
            _ => _faceChecks.TryGetValue((string)ctx.Request.RouteValues["bizToken"]!, out var check) ? Results.Json(check) : Results.NotFound()));
    }

    private Func<string, IResult> CheckAnswer(string endpoint) => _ => Results.Json(new Dictionary<string, string> { ["result"] = _results.GetValueOrDefault(endpoint, "match") });

    private IResult StartFaceCheck(string body)
    {
        var request = JsonDocument.Parse(body).RootElement;
        var bizToken = "biz_" + Guid.NewGuid().ToString("N");
        _faceChecks[bizToken] = new Dictionary<string, object?>
        {
            ["bizToken"] = bizToken,
            ["reference"] = request.GetProperty("reference").GetString(),
            ["status"] = "pending",
            ["name"] = request.GetProperty("name").GetString(),
            ["idNumber"] = request.GetProperty("idNumber").GetString(),
        };
        return Results.Json(new Dictionary<string, object?> { ["bizToken"] = bizToken, ["expiresAt"] = DateTimeOffset.UtcNow.AddMinutes(5) });
    }

    private IResult AccountAnswer(string account) => _accounts.TryGetValue(account, out var record) ? Results.Json(record) : Results.NotFound();

    private async Task HandleAsync(HttpContext context, string endpoint, Func<string, IResult> answer)
    {
        // Counted first: an attempt the client gives up on while its body is read still counts.
        _attempts.AddOrUpdate(endpoint, 1, (_, n) => n + 1);
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
        _requests.GetOrAdd(endpoint, _ => new ConcurrentQueue<ReceivedRequest>())
            .Enqueue(new ReceivedRequest(context.Request.Path + context.Request.QueryString, body,
                context.Request.Headers.Authorization.ToString(), context.Request.Headers["Idempotency-Key"].ToString()));
        switch (_behaviours.GetValueOrDefault(endpoint, VendorBehaviour.Answer))
        {
            case VendorBehaviour.ServerError:
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            case VendorBehaviour.Hang:
                await HangAsync(context);
                return;
            case VendorBehaviour.Malformed:
                // Truncated JSON that echoes what was sent: the adapter must not quote it anywhere.
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"result\":" + body);
                return;
            default:
                await answer(body).ExecuteAsync(context);
                return;
        }
    }

    /// <summary>Answers nothing until the client gives up (or the vendor stops).</summary>
    private async Task HangAsync(HttpContext context)
    {
        var stopping = _app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(HangFor, either.Token);
        }
        catch (OperationCanceledException)
        {
            // The client timed out and closed the connection: the behaviour under test.
        }
    }
}

/// <summary>What a <see cref="FakeVendor"/> endpoint does with a request.</summary>
public enum VendorBehaviour
{
    /// <summary>Answers per the wire protocol.</summary>
    Answer,

    /// <summary>500 with an empty body.</summary>
    ServerError,

    /// <summary>Answers nothing until the client gives up.</summary>
    Hang,

    /// <summary>200 with a body that is not valid JSON.</summary>
    Malformed,
}

/// <summary>One request a <see cref="FakeVendor"/> endpoint received.</summary>
public sealed record ReceivedRequest(string Path, string Body, string Authorization, string IdempotencyKey);
