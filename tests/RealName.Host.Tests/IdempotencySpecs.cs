using System.Net;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary><c>Idempotency-Key</c> on the public POSTs (session creation and every step), over real HTTP against one shared node.</summary>
public sealed class IdempotencySpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    [Fact]
    public async Task Should_return_the_same_session_for_a_repeated_idempotency_key_and_body()
    {
        var accountId = TestData.Account("idem");
        var key = "idem-" + Guid.NewGuid().ToString("N");

        var first = await node.CreateSessionAsync(accountId, key);
        first.AssertStatus(HttpStatusCode.Created);
        var second = await node.CreateSessionAsync(accountId, key);
        second.AssertStatus(HttpStatusCode.Created);

        Assert.Equal(first.Str("id"), second.Str("id"));
        Assert.Equal(first.Str("createdAt"), second.Str("createdAt"));
        // The first answer again, rendered from the session's Created event (its link token derived, not drawn): byte for byte.
        Assert.Equal(first.Body, second.Body);
        Assert.Equal($"/v1/sessions/{first.Str("id")}", first.Location);
        Assert.Equal(first.Location, second.Location);

        var other = await node.CreateSessionAsync(accountId, "idem-" + Guid.NewGuid().ToString("N"));
        other.AssertStatus(HttpStatusCode.Created);
        Assert.NotEqual(first.Str("id"), other.Str("id"));
    }

    [Fact]
    public async Task Should_answer_concurrent_first_creates_with_one_key_with_the_one_sessions_first_answer()
    {
        var accountId = TestData.Account("idemtwins");
        var key = "idem-" + Guid.NewGuid().ToString("N");

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => node.CreateSessionAsync(accountId, key)));

        // The session orders them: one creates, the others find it — no 409 idempotency_in_progress for a create.
        Assert.All(answers, a => a.AssertStatus(HttpStatusCode.Created));
        Assert.Single(answers.Select(a => a.Body).Distinct());
        Assert.Single(answers.Select(a => a.Location).Distinct());
    }

    [Fact]
    public async Task Should_refuse_an_idempotency_key_reused_with_a_different_body()
    {
        var key = "idem-" + Guid.NewGuid().ToString("N");
        (await node.CreateSessionAsync(TestData.Account("idem1"), key)).AssertStatus(HttpStatusCode.Created);

        var reused = await node.CreateSessionAsync(TestData.Account("idem2"), key);

        reused.AssertProblem(HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Fact]
    public async Task Should_refuse_an_idempotency_key_longer_than_255_characters()
    {
        var response = await node.CreateSessionAsync(TestData.Account("longkey"), new string('k', 256));

        response.AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_scope_idempotency_keys_by_the_matched_api_key_not_its_spelling()
    {
        var accountId = TestData.Account("idemspace");
        var key = "idem-" + Guid.NewGuid().ToString("N");
        var first = await node.CreateSessionAsync(accountId, key);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sessions")
        {
            Content = new StringContent($"{{\"accountId\":\"{accountId}\",\"method\":\"face\"}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer  rn_test_key ");
        request.Headers.Add("Idempotency-Key", key);
        var second = await ApiResponse.From(await node.AnonymousClient.SendAsync(request));

        second.AssertStatus(HttpStatusCode.Created);
        Assert.Equal(first.Str("id"), second.Str("id"));
    }

    private static string NewKey() => "idem-" + Guid.NewGuid().ToString("N");

    private static string Identity(string idNumber) => RealNameNode.Json(new Dictionary<string, object?> { ["name"] = TestData.Name, ["idNumber"] = idNumber });

    [Fact]
    public async Task Should_answer_a_retried_identity_submission_with_the_first_answer_byte_for_byte()
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("idem-identity"));
        var key = NewKey();
        var body = Identity(TestData.IdNumber());

        var first = (await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/identity", body, key)).AssertStatus(HttpStatusCode.OK);
        var retry = (await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/identity", body, key)).AssertStatus(HttpStatusCode.OK);

        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(first.MediaType, retry.MediaType);
        Assert.NotNull(retry.Str("qr", "scanUrl")); // the scan URL the first answer carried once, for the caller who never received it
    }

    [Fact]
    public async Task Should_count_a_retried_wrong_code_once()
    {
        var sessionId = (await node.CreateSessionAsync(TestData.Account("idem-code"), method: "mobile")).AssertStatus(HttpStatusCode.Created).Str("id")!;
        var phone = TestData.Phone();
        (await node.PostJsonAsync($"/v1/sessions/{sessionId}/identity",
            RealNameNode.Json(new Dictionary<string, object?> { ["name"] = TestData.Name, ["idNumber"] = TestData.IdNumber(), ["phone"] = phone }))).AssertStatus(HttpStatusCode.OK);
        var wrong = node.LastSmsCode(phone) == "000000" ? "111111" : "000000";
        var key = NewKey();

        var first = await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/code", $"{{\"code\":\"{wrong}\"}}", key);
        var retry = await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/code", $"{{\"code\":\"{wrong}\"}}", key);

        first.AssertProblem((HttpStatusCode)422, "code_incorrect");
        Assert.Equal(first.Body, retry.Body);
        var session = (await node.GetSessionAsync(sessionId)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal(4, session.Find("code", "attemptsLeft")!.Value.GetInt32()); // five attempts, one spent
    }

    [Fact]
    public async Task Should_refuse_a_key_reused_with_another_body_or_on_another_path()
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("idem-conflict"));
        var key = NewKey();
        (await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/identity", Identity(TestData.IdNumber()), key)).AssertStatus(HttpStatusCode.OK);

        (await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/identity", Identity(TestData.IdNumber()), key))
            .AssertProblem(HttpStatusCode.Conflict, "idempotency_conflict");
        (await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/qr", "{}", key))
            .AssertProblem(HttpStatusCode.Conflict, "idempotency_conflict");
    }

    [Fact]
    public async Task Should_issue_one_qr_for_a_retried_refresh()
    {
        var (sessionId, _) = await node.StartAwaitingScanAsync(TestData.Account("idem-qr"), TestData.Name, TestData.IdNumber());
        var key = NewKey();

        var first = (await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/qr", "{}", key)).AssertStatus(HttpStatusCode.OK);
        var retry = (await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/qr", "{}", key)).AssertStatus(HttpStatusCode.OK);

        var token = RealNameNode.TokenFrom(first.Str("qr", "scanUrl")!);
        Assert.Equal(token, RealNameNode.TokenFrom(retry.Str("qr", "scanUrl")!));
        (await node.ScanAsync(token, "app_idem")).AssertStatus(HttpStatusCode.OK); // the token the client holds is the live one
    }

    [Fact]
    public async Task Should_leave_requests_without_a_key_unaffected()
    {
        var (sessionId, _) = await node.StartAwaitingScanAsync(TestData.Account("idem-none"), TestData.Name, TestData.IdNumber());

        var first = (await node.RefreshQrAsync(sessionId)).AssertStatus(HttpStatusCode.OK);
        var second = (await node.RefreshQrAsync(sessionId)).AssertStatus(HttpStatusCode.OK);

        Assert.NotEqual(first.Str("qr", "scanUrl"), second.Str("qr", "scanUrl"));
    }

    [Fact]
    public async Task Should_refuse_a_key_longer_than_255_characters()
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("idem-long"));

        (await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{sessionId}/cancel", "{}", new string('k', 256)))
            .AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }
}
