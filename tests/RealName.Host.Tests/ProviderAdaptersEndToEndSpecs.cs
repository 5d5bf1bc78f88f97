using System.Net;
using RealName.Host.Tests.Infrastructure;
using static RealName.Host.Tests.Infrastructure.FakeVendor;

namespace RealName.Host.Tests;

/// <summary>
/// A real node with <c>Providers:Mode=http</c> against a fake vendor on loopback: a vendor outage
/// answers <c>503 provider_unavailable</c>, leaves the session retryable with nothing lost, and the
/// same step succeeds once the vendor is back.
/// </summary>
public sealed class ProviderAdaptersEndToEndSpecs
{
    private const int Retries = 1;

    /// <summary>
    /// Reached by a hanging vendor, long enough for each attempt to arrive there first; both
    /// attempts fit in the session's 5 s call timeout and the gateway's 5 s ask.
    /// </summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task Should_answer_503_and_keep_the_code_valid_while_the_carrier_fails_then_verify_with_the_same_code()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(AttemptTimeout, Retries));
        var account = TestData.Account("http_p2");
        var session = (await node.CreateSessionAsync(account, method: "mobile")).AssertStatus(HttpStatusCode.Created).Str("id")!;
        var phone = TestData.Phone();
        var body = $"{{\"name\":\"{TestData.Name}\",\"idNumber\":\"{TestData.IdNumber()}\",\"phone\":\"{phone}\"}}";
        Assert.Equal("awaiting_code", (await node.PostJsonAsync($"/v1/sessions/{session}/identity", body)).AssertStatus(HttpStatusCode.OK).Str("status"));
        var code = vendor.LastSmsCode(phone);
        vendor.Set(Carrier, VendorBehaviour.ServerError);

        var refused = await node.PostJsonAsync($"/v1/sessions/{session}/code", $"{{\"code\":\"{code}\"}}");

        refused.AssertProblem(HttpStatusCode.ServiceUnavailable, "provider_unavailable");
        Assert.Equal(Retries + 1, vendor.Attempts(Carrier));
        Assert.Equal("awaiting_code", (await node.GetSessionAsync(session)).Str("status"));

        vendor.Set(Carrier, VendorBehaviour.Answer);
        var verified = await node.PostJsonAsync($"/v1/sessions/{session}/code", $"{{\"code\":\"{code}\"}}");

        Assert.Equal("verified", verified.AssertStatus(HttpStatusCode.OK).Str("status"));
        Assert.Equal("verified", (await node.GetAccountVerificationAsync(account)).Str("status"));
        Assert.Single(vendor.Requests(Sms));
    }

    [Fact]
    public async Task Should_answer_503_and_stay_requires_input_while_the_identity_authority_times_out_then_accept_the_retry()
    {
        await using var vendor = await FakeVendor.StartAsync();
        await using var node = await RealNameNode.StartAsync(vendor.NodeSettings(AttemptTimeout, Retries));
        var account = TestData.Account("http_p1");
        var session = await node.CreateSessionIdAsync(account);
        var idNumber = TestData.IdNumber();
        vendor.Set(Identity, VendorBehaviour.Hang);

        var refused = await node.SubmitIdentityAsync(session, TestData.Name, idNumber);

        refused.AssertProblem(HttpStatusCode.ServiceUnavailable, "provider_unavailable").AssertNoRawPersonalData(idNumber, TestData.Name);
        Assert.Equal(Retries + 1, vendor.Attempts(Identity));
        var view = await node.GetSessionAsync(session);
        Assert.Equal("requires_input", view.Str("status"));
        Assert.Equal("provider_unavailable", view.Str("lastError", "code"));

        vendor.Set(Identity, VendorBehaviour.Answer);
        var accepted = (await node.SubmitIdentityAsync(session, TestData.Name, idNumber)).AssertStatus(HttpStatusCode.OK);

        Assert.Equal("awaiting_scan", accepted.Str("status"));
        var token = RealNameNode.TokenFrom(accepted.Str("qr", "scanUrl")!);
        (await node.ScanAsync(token, "app_http_p1")).AssertStatus(HttpStatusCode.OK);
        vendor.CompleteFaceCheck(node.BizTokenOf(token), passed: true, similarity: 0.93, liveness: true);
        Assert.Equal("verified", (await node.PostFaceResultAsync(token, passed: true)).AssertStatus(HttpStatusCode.OK).Str("status"));
    }
}
