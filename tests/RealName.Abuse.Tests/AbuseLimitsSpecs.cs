using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using RealName.Abuse.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RealName.Abuse.Tests;

/// <summary>
/// The production rate limits, replayed and forged callbacks, brute force of codes and QR tokens,
/// and slow clients, against one real node with the default budgets.
/// </summary>
public sealed class AbuseLimitsSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private AbuseNode? _node;
    private HttpClient? _client;

    private AbuseNode Node => _node!;
    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        _node = await AbuseNode.StartAsync();
        _client = _node.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_node is not null)
            await _node.DisposeAsync();
    }

    [Fact]
    public async Task Should_refuse_the_eleventh_session_of_an_account_with_rate_limited_and_retry_after()
    {
        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.Created, (await Create("acc_rl_1")).StatusCode);
        using var refused = await Create("acc_rl_1");
        await BudgetSpecs.AssertRefused(refused, 429, "rate_limited", "SessionsPerAccount");
        Assert.Equal(HttpStatusCode.Created, (await Create("acc_rl_2")).StatusCode);
        AbuseReport.Budget("sessions of one account through every node", "`SessionsPerAccount` 10/10 min",
            nameof(AbuseLimitsSpecs) + "." + nameof(Should_refuse_the_eleventh_session_of_an_account_with_rate_limited_and_retry_after),
            oneNode: "10 created; the 11th refused 429 with Retry-After; another account unaffected");
    }

    [Fact]
    public async Task Should_answer_retried_keyed_creates_with_the_first_answer_without_spending_the_accounts_budget()
    {
        const string account = "acc_rl_retry";
        var first = await CreateKeyed(account, "retry-1");
        Assert.Equal(HttpStatusCode.Created, first.Status);

        // Fifteen retries of one create: more than the account's budget of 10, yet each is the first answer.
        for (var i = 0; i < 15; i++)
            Assert.Equal(first, await CreateKeyed(account, "retry-1"));

        // The budget saw one session: nine more fit, the eleventh is refused.
        for (var i = 2; i <= 10; i++)
            Assert.Equal(HttpStatusCode.Created, (await CreateKeyed(account, $"retry-{i}")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await CreateKeyed(account, "retry-11")).Status);
        Assert.Equal(first, await CreateKeyed(account, "retry-1")); // and a retry still answers, over budget
    }

    private async Task<(HttpStatusCode Status, string? Location, string Body)> CreateKeyed(string account, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = new StringContent($$"""{"accountId":"{{account}}","method":"face"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", key);
        using var answer = await Client.SendAsync(request);
        return (answer.StatusCode, answer.Headers.Location?.ToString(), await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Should_limit_identity_submissions_per_id_number_across_accounts()
    {
        var stopped = 0;
        for (var i = 1; i <= 12 && stopped == 0; i++)
        {
            var id = await CreateId($"acc_idrl_{i}");
            using var answer = await Post($"/v1/sessions/{id}/identity", """{"name":"张三","idNumber":"11010519491231002X"}""");
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await BudgetSpecs.AssertRefused(answer, 429, "rate_limited", "SubmissionsPerIdNumber");
                stopped = i;
            }
        }
        AbuseReport.Record("brute force: identity submissions of one ID number stopped at", $"{stopped} (limit 10/h, cluster-wide)");
        Assert.Equal(11, stopped);
        AbuseReport.Budget("identity submissions of one ID number across accounts", "`SubmissionsPerIdNumber` 10/h",
            nameof(AbuseLimitsSpecs) + "." + nameof(Should_limit_identity_submissions_per_id_number_across_accounts),
            oneNode: $"{stopped - 1} sessions of different accounts an hour; the {stopped}th refused");
    }

    [Fact]
    public async Task Should_stop_sms_code_guessing_within_the_session_attempt_limit()
    {
        var id = (await CreateJson("acc_code_1", "mobile")).GetProperty("id").GetString()!;
        using (var identity = await Post($"/v1/sessions/{id}/identity", """{"name":"张三","idNumber":"11010519491231002X","phone":"13800138123"}"""))
            Assert.Equal(HttpStatusCode.OK, identity.StatusCode);
        var stopped = 0;
        for (var attempt = 1; attempt <= 12 && stopped == 0; attempt++)
        {
            using var answer = await Post($"/v1/sessions/{id}/code", """{"code":"000000"}""");
            if (answer.StatusCode != HttpStatusCode.UnprocessableEntity)
                stopped = attempt;
        }
        AbuseReport.Record("brute force: SMS code guesses stopped at (of 10^6 codes)", stopped.ToString(CultureInfo.InvariantCulture));
        Assert.InRange(stopped, 2, 6);
        using var after = await Post($"/v1/sessions/{id}/code", """{"code":"000001"}""");
        Assert.True((int)after.StatusCode >= 400, "a failed session must not take more codes");
    }

    [Fact]
    public async Task Should_stop_qr_guessing_at_the_per_ip_scan_budget_and_print_the_expected_time_to_hit()
    {
        var stopped = 0;
        for (var guess = 1; guess <= 70 && stopped == 0; guess++)
        {
            var token = $"vs_{Guid.NewGuid():N}"[..27] + "." + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
            using var answer = await Signed("/v1/scan", $$"""{"token":"{{token}}","appUserId":"app_guess"}""", NodeCalls.AppSecret);
            if (answer.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await BudgetSpecs.AssertRefused(answer, 429, "rate_limited", "ScansPerIp");
                stopped = guess;
            }
        }
        // 60 scans per minute per IP: one guess per second per address; a token is 128 random bits.
        const double guessesPerSecondPerIp = 60.0 / 60.0;
        var years = Math.Pow(2, 128) / guessesPerSecondPerIp / (365.25 * 24 * 3600);
        var text = string.Create(CultureInfo.InvariantCulture, $"{guessesPerSecondPerIp:0.##}/s per IP, cluster-wide; expected time to hit one live token ≈ {years:0.0e0} years per IP (÷ IPs)");
        output.WriteLine(text);
        AbuseReport.Record("brute force: QR guesses from one IP stopped at", stopped.ToString(CultureInfo.InvariantCulture));
        AbuseReport.Record("QR guessing budget", text);
        Assert.Equal(61, stopped);
    }

    [Fact]
    public async Task Should_reject_replayed_callbacks_foreign_tokens_and_results_for_canceled_or_expired_sessions()
    {
        var rejected = 0;
        var (first, token) = await AwaitingScan("acc_replay_1", "11010519491231002X");
        var scan = Encoding.UTF8.GetBytes($$"""{"token":"{{token}}","appUserId":"app_1"}""");
        var header = Node.Sign(NodeCalls.AppSecret, scan, nonce: "nonce-replay-1");
        string bizToken;
        using (var ok = await Raw("/v1/scan", scan, header))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            bizToken = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement.GetProperty("face").GetProperty("bizToken").GetString()!;
        }
        using (var replay = await Raw("/v1/scan", scan, header))
            rejected += await Refused(replay, "bad_signature");

        var face = Encoding.UTF8.GetBytes($$"""{"bizToken":"{{bizToken}}","passed":false,"similarity":0.1,"liveness":true,"providerRef":"f1"}""");
        var faceHeader = Node.Sign(NodeCalls.FaceSecret, face, nonce: "nonce-replay-2");
        using (var once = await Raw("/v1/face-results", face, faceHeader))
            Assert.Equal(HttpStatusCode.OK, once.StatusCode); // a failed face attempt: back to awaiting_scan with lastError
        using (var replay = await Raw("/v1/face-results", face, faceHeader))
            rejected += await Refused(replay, "bad_signature");

        var (second, secondToken) = await AwaitingScan("acc_replay_2", "110105194912310011");
        var foreign = first + secondToken[secondToken.IndexOf('.', StringComparison.Ordinal)..];
        using (var forged = await Signed("/v1/face-results", $$"""{"bizToken":"fc.{{foreign}}","passed":true,"similarity":0.9,"liveness":true,"providerRef":"f2"}""", NodeCalls.FaceSecret))
            rejected += await Refused(forged, null);

        using (await Post($"/v1/sessions/{second}/cancel", "{}"))
        {
        }
        using (var canceled = await Signed("/v1/face-results", $$"""{"bizToken":"fc.{{secondToken}}","passed":true,"similarity":0.9,"liveness":true,"providerRef":"f3"}""", NodeCalls.FaceSecret))
            rejected += await Refused(canceled, null);

        var (third, thirdToken) = await AwaitingScan("acc_replay_3", "110105194912310046");
        Node.Clock.Advance(TimeSpan.FromHours(1));
        using (var expired = await Signed("/v1/face-results", $$"""{"bizToken":"fc.{{thirdToken}}","passed":true,"similarity":0.9,"liveness":true,"providerRef":"f4"}""", NodeCalls.FaceSecret))
            rejected += await Refused(expired, null);
        foreach (var id in new[] { first, second, third })
        {
            using var read = await Client.GetAsync($"/v1/sessions/{id}");
            Assert.NotEqual("verified", JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }
        AbuseReport.Record("replays and forgeries rejected (scan, face, foreign token, canceled, expired)", $"{rejected}/5");
        Assert.Equal(5, rejected);
    }

    [Fact]
    public async Task Should_serve_normal_clients_while_slow_loris_connections_dribble_headers()
    {
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 200; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, Node.BaseAddress.Port);
                await socket.SendAsync(Encoding.ASCII.GetBytes("POST /v1/sessions HTTP/1.1\r\nHost: x\r\nX-Slow: a"));
                sockets.Add(socket);
            }
            var started = DateTime.UtcNow;
            for (var i = 0; i < 20; i++)
            {
                using var health = await Client.GetAsync("/healthz");
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }
            var served = DateTime.UtcNow - started;
            // Kestrel's header timeout (10 s) closes the dribblers: the first read ends (408 or the close).
            var buffer = new byte[512];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(25));
            var read = await sockets[0].ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            var closed = read == 0 || Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.1 408", StringComparison.Ordinal);
            AbuseReport.Record("slow loris: 200 dribbling connections, 20 normal requests served in", string.Create(CultureInfo.InvariantCulture, $"{served.TotalMilliseconds:0} ms; dribblers closed by the 10 s header timeout"));
            Assert.True(served < TimeSpan.FromSeconds(10), $"normal requests took {served}");
            Assert.True(closed, "the slow connection was not closed by the header timeout");
        }
        finally
        {
            foreach (var socket in sockets)
                socket.Dispose();
        }
    }

    private Task<(string Id, string Token)> AwaitingScan(string account, string idNumber) => Client.AwaitingScanAsync(account, idNumber);

    private static async Task<int> Refused(HttpResponseMessage answer, string? code)
    {
        Assert.InRange((int)answer.StatusCode, 400, 499);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        if (code is not null)
            Assert.Equal(code, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        return 1;
    }

    private Task<HttpResponseMessage> Create(string account) => Client.CreateSessionAsync(account);

    private Task<JsonElement> CreateJson(string account, string method) => Client.CreateSessionJsonAsync(account, method);

    private async Task<string> CreateId(string account) => (await CreateJson(account, "face")).GetProperty("id").GetString()!;

    private Task<HttpResponseMessage> Post(string path, string json) => Client.PostJsonAsync(path, json);

    private Task<HttpResponseMessage> Signed(string path, string json, string secret) => Client.PostSignedAsync(Node, path, json, secret);

    private Task<HttpResponseMessage> Raw(string path, byte[] body, string signature) => Client.PostWithSignatureAsync(path, body, signature);
}
