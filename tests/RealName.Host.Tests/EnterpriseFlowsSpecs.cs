using System.Net;
using System.Text.Json;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>E1 legal-person face scan, E2 corporate-account micro-payment and U1 upgrade, over real HTTP on a real SQLite journal.</summary>
public sealed class EnterpriseFlowsSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private async Task<string> Create(string method, string account) =>
        (await node.CreateSessionAsync(account, method: method)).AssertStatus(HttpStatusCode.Created).Str("id")!;

    private Task<ApiResponse> Identity(string session, object body) =>
        node.PostJsonAsync($"/v1/sessions/{session}/identity", JsonSerializer.Serialize(body));

    private static object LegalPerson(string creditCode, string name = "北京测试科技有限公司", string? idNumber = null) => new
    {
        subjectType = "enterprise",
        enterpriseName = name,
        creditCode,
        legalPersonName = TestData.Name,
        legalPersonIdNumber = idNumber ?? TestData.IdNumber(),
    };

    private static object Corporate(string creditCode, string accountNumber = "1100223344556677") => new
    {
        subjectType = "individual_business",
        enterpriseName = "北京测试商行",
        creditCode,
        bankName = "ICBC",
        accountNumber,
    };

    /// <summary>The newest sandbox payment's amount; its remark code is kept for <see cref="Amount"/>.</summary>
    private async Task<string> PaidAmount()
    {
        using var admin = node.CreateAdminClient();
        var payment = (await ApiResponse.From(await admin.GetAsync("/admin/payments/outbox"))).Json.GetProperty("payments")[0];
        _remark = payment.GetProperty("remark").GetString()!;
        return payment.GetProperty("amount").GetString()!;
    }

    private string _remark = "AAAAAA";

    /// <summary>Enters an amount with the remark code of the last payment read (or <paramref name="remark"/>).</summary>
    private Task<ApiResponse> Amount(string session, string amount, string? remark = null) =>
        node.PostJsonAsync($"/v1/sessions/{session}/amount", $"{{\"amount\":\"{amount}\",\"remark\":\"{remark ?? _remark}\"}}");

    private async Task VerifyE1(string session, string creditCode)
    {
        var qr = (await Identity(session, LegalPerson(creditCode))).AssertStatus(HttpStatusCode.OK);
        var token = RealNameNode.TokenFrom(qr.Str("qr", "scanUrl")!);
        (await node.ScanAsync(token, "app_legal")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", (await node.PostFaceResultAsync(token, passed: true)).Str("status"));
    }

    [Fact]
    public async Task Should_verify_an_enterprise_by_legal_person_face_scan()
    {
        var account = TestData.Account("e1");
        var session = await Create("legal_person_face", account);
        var code = TestData.CreditCode();

        var qr = (await Identity(session, LegalPerson(code.ToLowerInvariant()))).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("awaiting_scan", qr.Str("status"));
        Assert.Equal("enterprise", qr.Str("subject"));
        Assert.Equal(code[..6] + "********" + code[14..], qr.Str("enterprise", "creditCode"));
        var token = RealNameNode.TokenFrom(qr.Str("qr", "scanUrl")!);
        (await node.ScanAsync(token, "app_legal")).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", (await node.PostFaceResultAsync(token, passed: true)).Str("status"));

        var record = await node.GetAccountVerificationAsync(account);
        Assert.Equal("enterprise", record.Str("level"));
        Assert.Equal("legal_person_face", record.Str("method"));
        Assert.Equal("北京测试科技有限公司", record.Str("enterprise", "name"));
    }

    [Theory]
    [InlineData("91350100M000100Y44")]
    [InlineData("91350100M000100Y")]
    [InlineData("91350100M000100YI3")]
    [InlineData("110108000000016")]
    public async Task Should_refuse_invalid_credit_codes_with_400(string creditCode)
    {
        var session = await Create("legal_person_face", TestData.Account("e1bad"));

        (await Identity(session, LegalPerson(creditCode))).AssertProblem(HttpStatusCode.BadRequest, "invalid_credit_code");
    }

    [Fact]
    public async Task Should_answer_enterprise_mismatch_and_registry_outage_keeping_the_session_open()
    {
        var session = await Create("legal_person_face", TestData.Account("e1mis"));

        (await Identity(session, LegalPerson(TestData.CreditCode(), "北京不符有限公司"))).AssertProblem(HttpStatusCode.UnprocessableEntity, "enterprise_mismatch");
        (await Identity(session, LegalPerson(TestData.CreditCode(), "北京故障有限公司"))).AssertProblem(HttpStatusCode.ServiceUnavailable, "provider_unavailable");

        Assert.Equal("requires_input", (await node.GetSessionAsync(session)).Str("status"));
        (await Identity(session, LegalPerson(TestData.CreditCode()))).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Should_refuse_personal_fields_on_an_enterprise_session()
    {
        var session = await Create("corporate_account", TestData.Account("e2fields"));

        (await Identity(session, LegalPerson(TestData.CreditCode()))).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        (await node.SubmitIdentityAsync(session, TestData.Name, TestData.IdNumber())).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Should_verify_a_corporate_account_by_the_micro_payment_amount_and_remark_code()
    {
        var account = TestData.Account("e2");
        var session = await Create("corporate_account", account);

        var sent = (await Identity(session, Corporate(TestData.CreditCode()))).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("awaiting_amount", sent.Str("status"));
        var created = (await node.GetSessionAsync(session)).Json;
        Assert.Equal(TimeSpan.FromDays(3), created.GetProperty("expiresAt").GetDateTimeOffset() - created.GetProperty("createdAt").GetDateTimeOffset());
        var amount = await PaidAmount();
        var wrong = amount == "0.99" ? "0.98" : "0.99";

        (await Amount(session, wrong)).AssertProblem(HttpStatusCode.UnprocessableEntity, "amount_incorrect");
        // The right amount with another remark code is a wrong guess too; the code is read case-insensitively.
        (await Amount(session, amount, remark: _remark == "ABCDEF" ? "ABCDEG" : "ABCDEF")).AssertProblem(HttpStatusCode.UnprocessableEntity, "amount_incorrect");
        Assert.Equal("verified", (await Amount(session, amount, remark: _remark.ToLowerInvariant())).AssertStatus(HttpStatusCode.OK).Str("status"));
        Assert.Equal("corporate_account", (await node.GetAccountVerificationAsync(account)).Str("method"));
    }

    [Fact]
    public async Task Should_fail_after_three_wrong_amounts()
    {
        var session = await Create("corporate_account", TestData.Account("e2wrong"));
        (await Identity(session, Corporate(TestData.CreditCode()))).AssertStatus(HttpStatusCode.OK);
        var wrong = await PaidAmount() == "0.99" ? "0.98" : "0.99";

        (await Amount(session, wrong)).AssertProblem(HttpStatusCode.UnprocessableEntity, "amount_incorrect");
        (await Amount(session, wrong)).AssertProblem(HttpStatusCode.UnprocessableEntity, "amount_incorrect");
        (await Amount(session, wrong)).AssertProblem(HttpStatusCode.TooManyRequests, "too_many_attempts");

        Assert.Equal("failed", (await node.GetSessionAsync(session)).Str("status"));
    }

    [Theory]
    [InlineData("1.00")]
    [InlineData("0.00")]
    [InlineData("0.5")]
    [InlineData("abc")]
    public async Task Should_refuse_malformed_amounts_with_400(string amount)
    {
        var session = await Create("corporate_account", TestData.Account("e2fmt"));
        (await Identity(session, Corporate(TestData.CreditCode()))).AssertStatus(HttpStatusCode.OK);

        (await Amount(session, amount)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("")]
    [InlineData("ABCDE")]
    [InlineData("ABCDE0")]
    [InlineData("ABCDEFG")]
    public async Task Should_refuse_an_amount_without_a_well_formed_remark_code_with_400(string remark)
    {
        var session = await Create("corporate_account", TestData.Account("e2remark"));
        (await Identity(session, Corporate(TestData.CreditCode()))).AssertStatus(HttpStatusCode.OK);

        (await Amount(session, await PaidAmount(), remark)).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal(3, (await node.GetSessionAsync(session)).Json.GetProperty("amountAttemptsLeft").GetInt32());
    }

    [Fact]
    public async Task Should_grant_one_credit_code_to_exactly_one_of_two_racing_accounts()
    {
        var code = TestData.CreditCode();
        var first = await Create("legal_person_face", TestData.Account("race1"));
        var second = await Create("legal_person_face", TestData.Account("race2"));
        var tokens = new List<string>();
        foreach (var s in new[] { first, second })
        {
            var qr = (await Identity(s, LegalPerson(code))).AssertStatus(HttpStatusCode.OK);
            var token = RealNameNode.TokenFrom(qr.Str("qr", "scanUrl")!);
            (await node.ScanAsync(token, "app")).AssertStatus(HttpStatusCode.OK);
            tokens.Add(token);
        }

        var results = await Task.WhenAll(tokens.Select(t => node.PostFaceResultAsync(t, passed: true)));

        Assert.Single(results, r => r.Str("status") == "verified");
        Assert.Single(results, r => r.Str("status") == "failed" && r.Str("lastError", "code") == "id_already_verified");
    }

    [Fact]
    public async Task Should_upgrade_a_personally_verified_account_keeping_its_personal_identity()
    {
        var account = TestData.Account("u1");
        var (_, token) = await node.StartAwaitingScanAsync(account, TestData.Name, TestData.IdNumber());
        (await node.ScanAsync(token, "app")).AssertStatus(HttpStatusCode.OK);
        (await node.PostFaceResultAsync(token, passed: true)).AssertStatus(HttpStatusCode.OK);

        await VerifyE1(await Create("legal_person_face", account), TestData.CreditCode());

        var record = await node.GetAccountVerificationAsync(account);
        Assert.Equal("enterprise", record.Str("level"));
        Assert.Equal(TestData.MaskedName, record.Str("identity", "name"));
        Assert.False(record.IsNull("enterprise"));
    }

    [Fact]
    public async Task Should_expire_a_corporate_account_session_after_three_days_across_a_restart()
    {
        await using var own = await RealNameNode.StartAsync();
        var session = (await own.CreateSessionAsync(TestData.Account("e2ttl"), method: "corporate_account")).Str("id")!;
        (await own.PostJsonAsync($"/v1/sessions/{session}/identity", JsonSerializer.Serialize(Corporate(TestData.CreditCode())))).AssertStatus(HttpStatusCode.OK);

        await own.RestartAsync();
        own.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal("awaiting_amount", (await own.GetSessionAsync(session)).Str("status"));
        own.Clock.Advance(TimeSpan.FromDays(1));

        (await own.PostJsonAsync($"/v1/sessions/{session}/amount", "{\"amount\":\"0.01\",\"remark\":\"K7Q2XM\"}")).AssertProblem(HttpStatusCode.Conflict, "invalid_state");
        Assert.Equal("expired", (await own.GetSessionAsync(session)).Str("status"));
    }

    [Fact]
    public async Task Should_answer_503_when_the_payment_provider_is_down_keeping_the_session_open()
    {
        var session = await Create("corporate_account", TestData.Account("e2down"));

        (await Identity(session, Corporate(TestData.CreditCode(), "1100223344556998"))).AssertProblem(HttpStatusCode.ServiceUnavailable, "provider_unavailable");

        Assert.Equal("requires_input", (await node.GetSessionAsync(session)).Str("status"));
        (await Identity(session, Corporate(TestData.CreditCode()))).AssertStatus(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Should_refuse_a_second_enterprise_for_an_account_that_holds_one()
    {
        var account = TestData.Account("e1twice");
        await VerifyE1(await Create("legal_person_face", account), TestData.CreditCode());
        var second = await Create("legal_person_face", account);

        (await Identity(second, LegalPerson(TestData.CreditCode()))).AssertProblem(HttpStatusCode.Conflict, "account_already_verified");

        Assert.Equal("failed", (await node.GetSessionAsync(second)).Str("status"));
    }
}
