using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RealName.Actors.Sessions;
using RealName.Domain.Sessions;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>The frontend's session endpoints against one shared real node (distinct accounts and ID numbers per test).</summary>
public sealed class SessionsApiSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private const string UnknownSessionId = "vs_aaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public async Task Should_answer_a_status_read_of_a_session_it_holds_from_the_sessions_stored_state()
    {
        var local = node.Services.GetRequiredService<LocalSessions>();
        var sessionId = (await node.CreateSessionAsync(TestData.Account("local-read"))).AssertStatus(HttpStatusCode.Created).Str("id")!;
        Assert.True(local.TryGet(sessionId, out var stored)); // the session, in this node's memory, left its state
        Assert.Equal(SessionStatus.RequiresInput, stored.Status);

        // A state the session never had: only a read served from the local states can show it.
        local.Stored(sessionId, stored with { Status = SessionStatus.Canceled });
        try
        {
            Assert.Equal("canceled", (await node.GetSessionAsync(sessionId)).AssertStatus(HttpStatusCode.OK).Str("status"));
        }
        finally
        {
            local.Stored(sessionId, stored);
        }
        Assert.Equal("requires_input", (await node.GetSessionAsync(sessionId)).AssertStatus(HttpStatusCode.OK).Str("status"));
    }

    [Fact]
    public async Task Should_verify_account_through_full_face_flow()
    {
        const string idNumber = TestData.PublishedIdNumber;
        const string maskedId = "110***********002X";
        var accountId = TestData.Account("flow");
        var raw = new[] { idNumber, TestData.Name };

        var created = await node.CreateSessionAsync(accountId);
        created.AssertStatus(HttpStatusCode.Created).AssertNoRawPersonalData(raw);
        var sessionId = created.Str("id")!;
        Assert.StartsWith("vs_", sessionId);
        Assert.Equal(accountId, created.Str("accountId"));
        Assert.Equal("personal", created.Str("subject"));
        Assert.Equal("face", created.Str("method"));
        Assert.Equal("requires_input", created.Str("status"));
        Assert.True(created.IsNull("identity"));

        var identity = await node.SubmitIdentityAsync(sessionId, TestData.Name, idNumber);
        identity.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(raw);
        Assert.Equal("awaiting_scan", identity.Str("status"));
        Assert.Equal(TestData.MaskedName, identity.Str("identity", "name"));
        Assert.Equal(maskedId, identity.Str("identity", "idNumber"));
        Assert.False(identity.Find("qr", "scanned")!.Value.GetBoolean());
        Assert.NotNull(identity.Str("qr", "expiresAt"));
        var scanUrl = identity.Str("qr", "scanUrl");
        Assert.NotNull(scanUrl);
        Assert.Contains("/m/scan?t=", scanUrl);
        var token = RealNameNode.TokenFrom(scanUrl);

        // Later reads never show the scan URL again.
        var read = await node.GetSessionAsync(sessionId);
        read.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(raw);
        Assert.Equal("awaiting_scan", read.Str("status"));
        Assert.True(read.IsNull("qr", "scanUrl"));
        Assert.DoesNotContain(token, read.Body);

        using (var svg = await node.Client.GetAsync($"/v1/sessions/{sessionId}/qr.svg"))
        {
            Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType?.MediaType);
            var image = await svg.Content.ReadAsStringAsync();
            Assert.Contains("<svg", image);
            Assert.DoesNotContain(idNumber, image);
        }

        var scan = await node.ScanAsync(token, "app_user_flow");
        scan.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(raw);
        Assert.Equal(sessionId, scan.Str("sessionId"));
        Assert.Equal("scanned", scan.Str("status"));
        Assert.Equal(TestData.MaskedName, scan.Str("identity", "name"));

        var scanned = await node.GetSessionAsync(sessionId);
        Assert.Equal("scanned", scanned.Str("status"));
        Assert.True(scanned.Find("qr", "scanned")!.Value.GetBoolean());

        var face = await node.PostFaceResultAsync(token, passed: true);
        face.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(raw);
        Assert.Equal("verified", face.Str("status"));

        var verified = await node.GetSessionAsync(sessionId);
        verified.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(raw);
        Assert.Equal("verified", verified.Str("status"));
        Assert.False(verified.IsNull("verifiedAt"));
        Assert.True(verified.IsNull("lastError"));
        Assert.Equal(maskedId, verified.Str("identity", "idNumber"));

        var account = await node.GetAccountVerificationAsync(accountId);
        account.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(raw);
        Assert.Equal(accountId, account.Str("accountId"));
        Assert.Equal("verified", account.Str("status"));
        Assert.Equal("personal", account.Str("level"));
        Assert.Equal("face", account.Str("method"));
        Assert.False(account.IsNull("verifiedAt"));
        Assert.Equal(TestData.MaskedName, account.Str("identity", "name"));
        Assert.Equal(maskedId, account.Str("identity", "idNumber"));
    }

    [Fact]
    public async Task Should_keep_the_session_open_after_name_id_mismatch_and_provider_outage_and_verify_with_correct_details()
    {
        var accountId = TestData.Account("retry");
        var sessionId = await node.CreateSessionIdAsync(accountId);
        var mismatch = TestData.MismatchIdNumber();
        var unavailable = TestData.UnavailableIdNumber();
        var good = TestData.IdNumber();

        var refused = await node.SubmitIdentityAsync(sessionId, TestData.Name, mismatch);
        refused.AssertProblem(HttpStatusCode.UnprocessableEntity, "name_id_mismatch").AssertNoRawPersonalData(mismatch, TestData.Name);
        var afterMismatch = await node.GetSessionAsync(sessionId);
        Assert.Equal("requires_input", afterMismatch.Str("status"));
        Assert.Equal("name_id_mismatch", afterMismatch.Str("lastError", "code"));
        Assert.False(string.IsNullOrEmpty(afterMismatch.Str("lastError", "message")));
        afterMismatch.AssertNoRawPersonalData(mismatch, TestData.Name);

        var down = await node.SubmitIdentityAsync(sessionId, TestData.Name, unavailable);
        down.AssertProblem(HttpStatusCode.ServiceUnavailable, "provider_unavailable").AssertNoRawPersonalData(unavailable, TestData.Name);
        var afterOutage = await node.GetSessionAsync(sessionId);
        Assert.Equal("requires_input", afterOutage.Str("status"));
        Assert.Equal("provider_unavailable", afterOutage.Str("lastError", "code"));

        var accepted = await node.SubmitIdentityAsync(sessionId, TestData.Name, good);
        accepted.AssertStatus(HttpStatusCode.OK).AssertNoRawPersonalData(good, TestData.Name);
        Assert.Equal("awaiting_scan", accepted.Str("status"));
        Assert.True(accepted.IsNull("lastError"));
        var token = RealNameNode.TokenFrom(accepted.Str("qr", "scanUrl")!);
        (await node.ScanAsync(token, "app_user_retry")).AssertStatus(HttpStatusCode.OK);
        var face = await node.PostFaceResultAsync(token, passed: true);
        face.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", face.Str("status"));
        Assert.Equal("verified", (await node.GetAccountVerificationAsync(accountId)).Str("status"));
    }

    [Fact]
    public async Task Should_refuse_identity_details_twice_for_the_same_session()
    {
        var (sessionId, _) = await node.StartAwaitingScanAsync(TestData.Account("twice"), TestData.Name, TestData.IdNumber());

        var again = await node.SubmitIdentityAsync(sessionId, TestData.Name, TestData.IdNumber());

        again.AssertProblem(HttpStatusCode.Conflict, "invalid_state");
        Assert.Equal("awaiting_scan", (await node.GetSessionAsync(sessionId)).Str("status"));
    }

    [Fact]
    public async Task Should_answer_a_repeated_identical_submission_with_the_qr_the_client_already_holds()
    {
        var idNumber = TestData.IdNumber();
        var (sessionId, token) = await node.StartAwaitingScanAsync(TestData.Account("resubmit"), TestData.Name, idNumber);

        var again = await node.SubmitIdentityAsync(sessionId, TestData.Name, idNumber);

        again.AssertStatus(HttpStatusCode.OK);
        Assert.Equal(token, RealNameNode.TokenFrom(again.Str("qr", "scanUrl")!));
        (await node.ScanAsync(token, "app_1")).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Should_answer_authorize_of_an_unknown_session_with_404_and_log_no_exception()
    {
        (await node.SendAsync(HttpMethod.Post, $"/v1/sessions/{UnknownSessionId}/authorize", "{}")).AssertProblem(HttpStatusCode.NotFound, "session_not_found");

        var recent = node.Services.GetRequiredService<RealName.Host.Operations.RecentLog>().Newest(RealName.Host.Operations.RecentLog.Capacity);
        Assert.DoesNotContain(recent, l => l.Message.Contains("Exception", StringComparison.Ordinal) && l.Message.Contains(UnknownSessionId, StringComparison.Ordinal)
            || l.Message.Contains(nameof(NullReferenceException), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_answer_unknown_routes_and_methods_with_problem_json()
    {
        (await node.SendAsync(HttpMethod.Get, "/v1/nothing", null)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await node.SendAsync(HttpMethod.Delete, "/v1/sessions", null)).AssertProblem(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Should_cancel_a_session_and_refuse_a_later_scan()
    {
        var idNumber = TestData.IdNumber();
        var (sessionId, token) = await node.StartAwaitingScanAsync(TestData.Account("cancel"), TestData.Name, idNumber);

        var canceled = await node.CancelAsync(sessionId);
        canceled.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("canceled", canceled.Str("status"));
        Assert.Equal("canceled", (await node.GetSessionAsync(sessionId)).Str("status"));

        var scan = await node.ScanAsync(token, "app_user_cancel");
        Assert.InRange((int)scan.Status, 400, 499);
        scan.AssertProblem(scan.Status).AssertNoRawPersonalData(idNumber, TestData.Name);

        var identity = await node.SubmitIdentityAsync(sessionId, TestData.Name, TestData.IdNumber());
        identity.AssertProblem(HttpStatusCode.Conflict, "invalid_state");

        // Canceling again is harmless.
        var again = await node.CancelAsync(sessionId);
        again.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("canceled", again.Str("status"));
    }

    [Fact]
    public async Task Should_stream_status_events_until_a_terminal_status()
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("sse"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sessions/{sessionId}/events");
        using var response = await node.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token), Encoding.UTF8);

        var first = await NextEventAsync(reader, timeout.Token);
        Assert.NotNull(first);
        Assert.Equal("status", first.Value.Event);
        Assert.Contains("\"status\":\"requires_input\"", first.Value.Data);

        (await node.SubmitIdentityAsync(sessionId, TestData.Name, TestData.IdNumber())).AssertStatus(HttpStatusCode.OK);
        var second = await NextEventAsync(reader, timeout.Token);
        Assert.NotNull(second);
        Assert.Contains("\"status\":\"awaiting_scan\"", second.Value.Data);
        Assert.DoesNotContain(TestData.Name, second.Value.Data);
        // The masked identity is written as GET writes it (UTF-8 text, not \u escapes).
        var identity = (await node.GetSessionAsync(sessionId)).Json.GetProperty("identity").GetRawText();
        Assert.Contains(identity, second.Value.Data);

        (await node.CancelAsync(sessionId)).AssertStatus(HttpStatusCode.OK);
        var third = await NextEventAsync(reader, timeout.Token);
        Assert.NotNull(third);
        Assert.Equal("status", third.Value.Event);
        Assert.Contains("\"status\":\"canceled\"", third.Value.Data);

        // The stream ends after the terminal status.
        Assert.Null(await NextEventAsync(reader, timeout.Token));
    }

    [Fact]
    public async Task Should_answer_a_stream_of_an_unknown_session_with_404()
    {
        var response = await node.SendAsync(HttpMethod.Get, $"/v1/sessions/{UnknownSessionId}/events", null);

        response.AssertProblem(HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task Should_expire_a_session_when_its_ttl_passes()
    {
        await using var shortLived = await RealNameNode.StartAsync(new Dictionary<string, string?> { ["RealName:Sessions:Ttl"] = "00:00:02" });
        var sessionId = await shortLived.CreateSessionIdAsync(TestData.Account("ttl"));
        Assert.Equal("requires_input", (await shortLived.GetSessionAsync(sessionId)).Str("status"));

        shortLived.Clock.Advance(TimeSpan.FromSeconds(3));

        await Eventually.AwaitAssertAsync(async () =>
        {
            var read = await shortLived.GetSessionAsync(sessionId);
            read.AssertStatus(HttpStatusCode.OK);
            Assert.Equal("expired", read.Str("status"));
        });
        var identity = await shortLived.SubmitIdentityAsync(sessionId, TestData.Name, TestData.IdNumber());
        identity.AssertProblem(HttpStatusCode.Conflict, "invalid_state");
        // The expiry timer (real time) persists the status; it stays expired.
        await Eventually.AwaitAssertAsync(async () =>
            Assert.Equal("expired", (await shortLived.GetSessionAsync(sessionId)).Str("status")));
    }

    [Fact]
    public async Task Should_answer_404_for_an_unknown_session()
    {
        (await node.GetSessionAsync(UnknownSessionId)).AssertProblem(HttpStatusCode.NotFound, "session_not_found");
        (await node.GetSessionAsync("nope")).AssertProblem(HttpStatusCode.NotFound, "session_not_found");
        (await node.SubmitIdentityAsync(UnknownSessionId, TestData.Name, TestData.IdNumber())).AssertProblem(HttpStatusCode.NotFound, "session_not_found");
        (await node.CancelAsync(UnknownSessionId)).AssertProblem(HttpStatusCode.NotFound, "session_not_found");
        (await node.RefreshQrAsync("vs_bbbbbbbbbbbbbbbbbbbbbbbb")).AssertProblem(HttpStatusCode.NotFound, "session_not_found");
        (await node.SendAsync(HttpMethod.Get, $"/v1/sessions/{UnknownSessionId}/qr.svg", null)).AssertProblem(HttpStatusCode.NotFound, "session_not_found");
    }

    [Fact]
    public async Task Should_draw_no_qr_image_before_identity_or_after_scan()
    {
        var sessionId = await node.CreateSessionIdAsync(TestData.Account("svg"));
        (await node.SendAsync(HttpMethod.Get, $"/v1/sessions/{sessionId}/qr.svg", null)).AssertProblem(HttpStatusCode.Gone, "qr_expired");

        var identity = await node.SubmitIdentityAsync(sessionId, TestData.Name, TestData.IdNumber());
        var token = RealNameNode.TokenFrom(identity.Str("qr", "scanUrl")!);
        using (var svg = await node.Client.GetAsync($"/v1/sessions/{sessionId}/qr.svg"))
            Assert.Equal(HttpStatusCode.OK, svg.StatusCode);

        (await node.ScanAsync(token, "app_user_svg")).AssertStatus(HttpStatusCode.OK);
        (await node.SendAsync(HttpMethod.Get, $"/v1/sessions/{sessionId}/qr.svg", null)).AssertProblem(HttpStatusCode.Gone, "qr_expired");
    }

    private static async Task<(string Event, string Data)?> NextEventAsync(StreamReader reader, CancellationToken ct)
    {
        string? name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || data.Length > 0)
                    return (name ?? "message", data.ToString());
                continue;
            }
            if (line.StartsWith(':'))
                continue; // keep-alive comment
            if (line.StartsWith("event:", StringComparison.Ordinal))
                name = line["event:".Length..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal))
                data.Append(line["data:".Length..].TrimStart());
        }
        return name is null && data.Length == 0 ? null : (name ?? "message", data.ToString());
    }
}
