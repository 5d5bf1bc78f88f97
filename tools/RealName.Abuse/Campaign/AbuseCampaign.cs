using System.Net.Http.Headers;
using System.Text.Json;
using RealName.Client;
using RealName.Host.Http;

namespace RealName.Abuse.Campaign;

/// <summary>
/// The seeded campaign: a pool of sessions in every status reachable in the sandbox, then every
/// command against every pooled session once, then random mutated requests on every public
/// endpoint. Each answer is checked by <see cref="AnswerProperties"/>; same seed, same requests.
/// </summary>
public sealed class AbuseCampaign(CampaignTarget target, int seed)
{
    private static readonly string[] Methods = ["face", "mobile", "bank_card", "group_sync", "associate", "legal_person_face", "corporate_account", "enterprise_sync"];
    private static readonly HttpMethod[] OtherVerbs = [HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Get];
    private static readonly string?[] ContentTypes = ["text/plain", "application/xml", "multipart/form-data; boundary=x", "application/json; charset=latin1", null];
    private static readonly string[] Commands = ["", "identity", "code", "code/resend", "authorize", "amount", "qr", "qr.svg", "cancel", "events"];

    private readonly Random _random = new(seed);
    private readonly List<(string Id, string Method)> _pool = [];
    private readonly List<string> _tokens = [];
    private readonly List<string> _bizTokens = [];
    private readonly CampaignResult _result = new();
    private PersonalValues? _values;
    private HttpClient? _http;

    public int Seed => seed;

    /// <summary>Runs until <paramref name="requests"/> requests were sent or <paramref name="deadline"/> passed.</summary>
    public async Task<CampaignResult> RunAsync(int requests, DateTimeOffset deadline, CancellationToken ct = default)
    {
        using var http = new HttpClient { BaseAddress = target.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _http = http;
        _values = new PersonalValues(_random);
        await BuildPoolAsync(ct);
        foreach (var (id, method) in _pool.ToList())
            foreach (var command in Commands)
                await SendAsync(SessionCommand(id, method, command, mutate: false), ct);
        while (_result.RequestsTried < requests && DateTimeOffset.UtcNow < deadline && !ct.IsCancellationRequested)
            await SendAsync(NextRandom(), ct);
        return _result;
    }

    private async Task BuildPoolAsync(CancellationToken ct)
    {
        foreach (var method in Methods)
        {
            for (var i = 0; i < 3; i++)
            {
                var created = await SendAsync(Frontend(HttpMethod.Post, "/v1/sessions", new() { ["accountId"] = $"acc_fz{seed}_{_pool.Count}", ["method"] = method }), ct);
                if (created.Json is not { ValueKind: JsonValueKind.Object } createdJson || !createdJson.TryGetProperty("id", out var id))
                    continue;
                _pool.Add((id.GetString()!, method));
                if (i == 0)
                    continue;
                var submitted = await SendAsync(SessionCommand(id.GetString()!, method, "identity", mutate: false), ct);
                if (submitted.Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("qr", out var qr)
                    && qr.ValueKind == JsonValueKind.Object && qr.TryGetProperty("scanUrl", out var url) && url.GetString() is { } scanUrl)
                    _tokens.Add(ApiAnswers.TokenFrom(scanUrl));
                if (i == 2 && _tokens.Count > 0 && method == "face"
                    && (await SendAsync(Signed("/v1/scan", new() { ["token"] = _tokens[^1], ["appUserId"] = "app_fz" }, target.AppSecret, mutate: false), ct)).Json is { ValueKind: JsonValueKind.Object } scanned
                    && ApiAnswers.BizToken(scanned) is { } biz)
                    _bizTokens.Add(biz);
            }
        }
        // One session of each terminal kind that a callback or the frontend can reach.
        if (_pool.FirstOrDefault(p => p.Method == "face") is { Id: not null } first)
            await SendAsync(Frontend(HttpMethod.Post, $"/v1/sessions/{first.Id}/cancel", []), ct);
        if (_bizTokens.Count > 0)
            await SendAsync(Signed("/v1/face-results", new() { ["bizToken"] = _bizTokens[^1], ["passed"] = true, ["similarity"] = 0.9, ["liveness"] = true, ["providerRef"] = "fz" }, target.FaceSecret, mutate: false), ct);
    }

    private FuzzRequest NextRandom()
    {
        var (id, method) = _random.Next(10) == 0 ? (GarbageId(), "face") : _pool.Count > 0 ? _pool[_random.Next(_pool.Count)] : (GarbageId(), "face");
        return _random.Next(14) switch
        {
            < 6 => SessionCommand(id, method, Commands[_random.Next(Commands.Length)], mutate: true),
            6 => Frontend(HttpMethod.Post, "/v1/sessions", new() { ["accountId"] = $"acc_fz{seed}_{_random.Next(50)}", ["method"] = Methods[_random.Next(Methods.Length)] }, mutate: true),
            7 => Signed("/v1/scan", new() { ["token"] = Token(), ["appUserId"] = "app_" + _random.Next(1000) }, target.AppSecret, mutate: true),
            8 => Signed("/v1/face-results", new() { ["bizToken"] = BizToken(), ["passed"] = _random.Next(2) == 0, ["similarity"] = _random.NextDouble(), ["liveness"] = _random.Next(4) != 0, ["providerRef"] = "p" + _random.Next(1000) }, target.FaceSecret, mutate: true),
            9 => Frontend(HttpMethod.Get, $"/v1/accounts/{(_random.Next(3) == 0 ? GarbageId() : "acc_fz" + seed + "_" + _random.Next(30))}/verification", null),
            10 => Frontend(HttpMethod.Post, "/v1/appeals", new() { ["accountId"] = "acc_fz_appeal", ["name"] = _values!.Name(), ["idNumber"] = _values.IdNumber(), ["contact"] = _values.Phone(), ["reason"] = "not me" }, mutate: true),
            11 => Frontend(HttpMethod.Get, $"/v1/appeals/{GarbageId()}", null),
            12 => Frontend(Pick(OtherVerbs), Pick(["/v1/sessions", "/v1/scan", "/v1/face-results", "/admin/appeals", "/nope", "/v1/sessions/" + id + "/identity"]), null),
            _ => Frontend(HttpMethod.Get, Pick(["/healthz", "/readyz", "/metrics", "/openapi/v1.json"]), null),
        };
    }

    /// <summary>One command on one session with a body valid for the session's method (mutated when asked).</summary>
    private FuzzRequest SessionCommand(string id, string method, string command, bool mutate)
    {
        var path = command.Length == 0 ? $"/v1/sessions/{id}" : $"/v1/sessions/{id}/{command}";
        if (command is "" or "qr.svg" or "events")
            return Frontend(HttpMethod.Get, path, null) with { HeadersOnly = command == "events" };
        Dictionary<string, object?> body = command switch
        {
            "identity" => IdentityBody(method),
            "code" => new() { ["code"] = _random.Next(1_000_000).ToString("000000", System.Globalization.CultureInfo.InvariantCulture) },
            "amount" => new() { ["amount"] = "0." + _random.Next(1, 100).ToString("00", System.Globalization.CultureInfo.InvariantCulture), ["remark"] = "K7Q2XM" },
            _ => [],
        };
        return Frontend(HttpMethod.Post, path, body, mutate);
    }

    private Dictionary<string, object?> IdentityBody(string method) => method switch
    {
        "face" => new() { ["name"] = _values!.Name(), ["idNumber"] = _values.IdNumber() },
        "mobile" => new() { ["name"] = _values!.Name(), ["idNumber"] = _values.IdNumber(), ["phone"] = _values.Phone() },
        "bank_card" => new() { ["name"] = _values!.Name(), ["idNumber"] = _values.IdNumber(), ["bankCard"] = _values.BankCard(), ["phone"] = _values.Phone() },
        "associate" => new() { ["groupAccount"] = "jd_fz" + _random.Next(100) },
        "legal_person_face" => new() { ["subjectType"] = "company", ["enterpriseName"] = "测试科技有限公司", ["creditCode"] = "91350100M000100Y43", ["legalPersonName"] = _values!.Name(), ["legalPersonIdNumber"] = _values.IdNumber() },
        "corporate_account" => new() { ["subjectType"] = "company", ["enterpriseName"] = "测试科技有限公司", ["creditCode"] = "91350100M000100Y43", ["bankName"] = "ICBC", ["accountNumber"] = "6222021234567" },
        _ => [],
    };

    private string Token() => _random.Next(4) switch
    {
        0 when _tokens.Count > 0 => _tokens[_random.Next(_tokens.Count)],
        1 when _pool.Count > 0 => _pool[_random.Next(_pool.Count)].Id + "." + Convert.ToHexStringLower(RandomBytes(16)),
        2 => GarbageId() + "." + GarbageId(),
        _ => Convert.ToHexStringLower(RandomBytes(_random.Next(0, 80))),
    };

    /// <summary>A face check's bizToken: one a scan really started, one naming a pooled session, or garbage.</summary>
    private string BizToken() => _random.Next(3) switch
    {
        0 when _bizTokens.Count > 0 => _bizTokens[_random.Next(_bizTokens.Count)],
        1 => "fc." + Token(),
        _ => Token(),
    };

    private string GarbageId() => _random.Next(6) switch
    {
        0 => "vs_" + Convert.ToHexStringLower(RandomBytes(12)),
        1 => new string('a', 300),
        2 => "%2e%2e%2f%2e%2e%2fadmin",
        3 => "vs_%00%0d%0a",
        4 => "..",
        _ => Uri.EscapeDataString("张三\u0001' OR 1=1 --"),
    };

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private FuzzRequest Frontend(HttpMethod method, string path, Dictionary<string, object?>? body, bool mutate = false)
    {
        var (bytes, mutation) = body is null ? (null, "none") : mutate ? RequestMutator.Mutate(_random, body) : (RequestMutator.Json(body), "valid");
        var auth = !mutate || _random.Next(20) > 1 ? target.ApiKey : _random.Next(2) == 0 ? null : "rn_wrong_key";
        return new FuzzRequest(method, path, bytes, mutation, ContentType(mutate), auth, null, Personal(body));
    }

    private FuzzRequest Signed(string path, Dictionary<string, object?> body, string secret, bool mutate)
    {
        var (bytes, mutation) = mutate ? RequestMutator.Mutate(_random, body) : (RequestMutator.Json(body), "valid");
        var nonce = Convert.ToHexStringLower(RandomBytes(12));
        var at = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + (mutate && _random.Next(10) == 0 ? -1000 : 0);
        var signature = mutate && _random.Next(10) == 0 ? "t=1,n=x,v1=00" : CallbackSignature.BuildHeader(secret, at, nonce, bytes);
        return new FuzzRequest(HttpMethod.Post, path, bytes, mutation, ContentType(mutate), null, signature, []);
    }

    private string? ContentType(bool mutate) => !mutate || _random.Next(8) > 0
        ? "application/json"
        : Pick(ContentTypes);

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private List<string> Personal(Dictionary<string, object?>? body) =>
        body?.Values.OfType<string>().Where(v => _values!.Submitted.Contains(v)).ToList() ?? [];

    private async Task<Answer> SendAsync(FuzzRequest request, CancellationToken ct)
    {
        _result.RequestsTried++;
        using var message = new HttpRequestMessage(request.Method, request.Path);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        if (request.ApiKey is not null)
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.ApiKey);
        if (request.Signature is not null)
            message.Headers.TryAddWithoutValidation(CallbackSignature.Header, request.Signature);
        // Kestrel closes a connection whose oversized body it would not read; do not reuse it for the next request.
        message.Headers.ConnectionClose = request.Mutation == "huge-body";
        try
        {
            using var response = await _http!.SendAsync(message, request.HeadersOnly ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, ct);
            // An event stream that opened is not read to its end; a refusal is read like any other answer.
            var text = request.HeadersOnly && response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync(ct);
            var answer = AnswerProperties.Check(request, response, text, _values!.Submitted, _result);
            if (answer.Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString()!.StartsWith("vs_", StringComparison.Ordinal))
                _result.Sessions.Add(id.GetString()!);
            return answer;
        }
        catch (HttpRequestException) when (request.Mutation == "huge-body")
        {
            // Kestrel may close a connection whose body passed MaxRequestBodySize before the client finished sending it.
            return new Answer(413, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            _result.Violation($"{request.Describe()}: no answer ({ex.GetType().Name}: {ex.InnerException?.Message ?? ex.Message})");
            return new Answer(0, null);
        }
    }
}
