using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RealName.Pages.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RealName.Pages.Tests;

/// <summary>
/// The appeal's ownership certificate on the hosted page (issue 19): after "ID already used" the
/// person attaches the proof to the appeal form, the page files the appeal and uploads the files
/// under its page grant, and the operator reads them on the admin port.
/// </summary>
public sealed class AppealEvidencePageSpecs(PagesFixture fixture) : IClassFixture<PagesFixture>
{
    private const string EvidenceLabel = "所有权证明（选填，可在提交后补充）";
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Encoding.ASCII.GetBytes("ID-CARD-PHOTO")];
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7 OWNERSHIP-CERTIFICATE");

    private RealNameNode Node => fixture.Node;

    [Fact]
    public async Task Should_file_an_appeal_with_its_ownership_certificate_that_the_operator_reads_on_the_admin_port()
    {
        var shots = new Screenshots("p6-appeal-evidence", documented: true);
        var (_, page, _) = await fixture.RefusedAsAlreadyUsedAsync("page_evidence", shots);
        await OpenAppealFormAsync(page);
        await page.GetByLabel(EvidenceLabel).SetInputFilesAsync(new FilePayload { Name = "身份证.png", MimeType = "image/png", Buffer = Png });
        await Expect(page.Locator("#a-evidence-hint")).ToContainTextAsync("JPG、PNG 或 PDF，每个文件不超过 5 MB，每个申诉最多 3 个文件");
        await shots.TakeAsync(page, "form");

        var uploaded = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "提交申诉" }).ClickAsync(),
            r => r.Url.EndsWith("/evidence", StringComparison.Ordinal));

        Assert.Equal(201, uploaded.Status);
        await Expect(page.Locator("#appeal-done")).ToContainTextAsync("申诉已提交（编号 ap_");
        await Expect(page.Locator("#evidence-done")).ToHaveTextAsync("已上传 1 个证明文件，审核人员将一并查看。");
        await shots.TakeAsync(page, "uploaded");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Appeal to get your identity back" })).ToBeVisibleAsync();
        await Expect(page.Locator("#evidence-done")).ToBeVisibleAsync();
        await Expect(page.Locator("#evidence-done")).ToHaveTextAsync("1 proof file(s) uploaded; the reviewers will see them with the appeal.");
        await Expect(page.Locator("#a-evidence-hint")).ToContainTextAsync("JPG, PNG or PDF, at most 5 MB a file and 3 files an appeal");
        await shots.TakeAsync(page, "uploaded-en");
        var evidence = await EvidenceOnTheAdminPortAsync(await AppealIdAsync(page));
        var file = Assert.Single(evidence.Json.GetProperty("data").EnumerateArray());
        Assert.Equal("image/png", file.GetProperty("contentType").GetString());
        using var admin = Node.CreateAdminClient();
        Assert.Equal(Png, await admin.GetByteArrayAsync($"/admin/appeals/{await AppealIdAsync(page)}/evidence/{file.GetProperty("id").GetString()}"));
    }

    [Fact]
    public async Task Should_refuse_a_file_too_large_before_filing_and_one_that_is_not_an_image_or_pdf_after_and_take_a_pdf_then()
    {
        var shots = new Screenshots("p6-appeal-evidence-refused", documented: true);
        var (_, page, _) = await fixture.RefusedAsAlreadyUsedAsync("page_evidence_refused", shots);
        await OpenAppealFormAsync(page);
        var calls = new List<string>();
        page.Request += (_, request) => calls.Add(request.Url);
        var evidence = page.GetByLabel(EvidenceLabel);

        // Too large: said at once, and nothing is sent, not even the appeal.
        await evidence.SetInputFilesAsync(new FilePayload { Name = "scan.pdf", MimeType = "application/pdf", Buffer = new byte[5 * 1024 * 1024 + 1] });
        await Expect(page.Locator("#a-evidence-error")).ToHaveTextAsync("文件过大：每个证明文件不超过 5 MB。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交申诉" }).ClickAsync();
        await Expect(evidence).ToBeFocusedAsync();
        await shots.TakeAsync(page, "too-large");
        Assert.DoesNotContain(calls, url => url.Contains("/appeals", StringComparison.Ordinal));

        // Named and typed as a PNG but not one: the server tells by content; the appeal is filed, the file refused.
        await evidence.SetInputFilesAsync(new FilePayload { Name = "photo.png", MimeType = "image/png", Buffer = Encoding.ASCII.GetBytes("<html>not an image</html>") });
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "提交申诉" }).ClickAsync(),
            r => r.Url.EndsWith("/evidence", StringComparison.Ordinal));
        Assert.Equal(415, refused.Status);
        await Expect(page.Locator("#a-evidence-error")).ToHaveTextAsync("只能上传 JPG、PNG 或 PDF 文件（按文件内容判断）。");
        await Expect(page.Locator("#appeal-done")).ToContainTextAsync("申诉已提交（编号 ap_");
        await shots.TakeAsync(page, "wrong-type");
        var appealId = await AppealIdAsync(page);
        Assert.Empty((await EvidenceOnTheAdminPortAsync(appealId)).Json.GetProperty("data").EnumerateArray());

        // The filed appeal still takes the proof: another file, uploaded on its own.
        await evidence.SetInputFilesAsync(new FilePayload { Name = "certificate.pdf", MimeType = "application/pdf", Buffer = Pdf });
        var uploaded = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "上传证明材料" }).ClickAsync(),
            r => r.Url.EndsWith("/evidence", StringComparison.Ordinal));
        Assert.Equal(201, uploaded.Status);
        await Expect(page.Locator("#evidence-done")).ToHaveTextAsync("已上传 1 个证明文件，审核人员将一并查看。");
        await Expect(page.Locator("#a-evidence-error")).ToBeHiddenAsync();
        var file = Assert.Single((await EvidenceOnTheAdminPortAsync(appealId)).Json.GetProperty("data").EnumerateArray());
        Assert.Equal("application/pdf", file.GetProperty("contentType").GetString());
    }

    [Fact]
    public async Task Should_take_page_evidence_only_for_the_sessions_own_appeal_and_store_a_retried_upload_once()
    {
        var idNumber = TestData.IdNumber();
        await Node.VerifyAccountAsync(TestData.Account("ev_page_holder"), idNumber);
        var appeal = new Dictionary<string, object?> { ["name"] = TestData.Name, ["idNumber"] = idNumber, ["contact"] = "a@example.com", ["reason"] = "mine" };
        var foreign = (await Node.PostJsonAsync("/v1/appeals", RealNameNode.Json(new(appeal) { ["accountId"] = TestData.Account("ev_page_other") })))
            .AssertStatus(HttpStatusCode.Created).Str("id")!;
        var created = (await Node.CreateSessionAsync(TestData.Account("ev_page"))).AssertStatus(HttpStatusCode.Created);
        var sessionId = created.Str("id")!;
        using var browser = new PageClient(Node);
        using var opened = await browser.OpenAsync(created.Str("url")!);
        var own = (await browser.PostAsync($"/verify/api/{sessionId}/appeals", RealNameNode.Json(new(appeal)))).AssertStatus(HttpStatusCode.Created).Str("id")!;

        (await browser.SendAsync(Upload(sessionId, foreign, "k-foreign"))).AssertProblem(HttpStatusCode.NotFound, "not_found");
        using (var stranger = new PageClient(Node))
            (await stranger.SendAsync(Upload(sessionId, own, "k-stranger"))).AssertProblem(HttpStatusCode.Unauthorized, "unauthorized");

        var first = (await browser.SendAsync(Upload(sessionId, own, "k-retried"))).AssertStatus(HttpStatusCode.Created);
        var retried = (await browser.SendAsync(Upload(sessionId, own, "k-retried"))).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(first.Body, retried.Body);
        Assert.Single((await EvidenceOnTheAdminPortAsync(own)).Json.GetProperty("data").EnumerateArray());
        Assert.Empty((await EvidenceOnTheAdminPortAsync(foreign)).Json.GetProperty("data").EnumerateArray());
    }

    private static async Task OpenAppealFormAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "申诉找回" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "申诉找回实名身份" })).ToBeVisibleAsync();
        await page.GetByLabel("联系方式（手机号或邮箱）").FillAsync("appellant@example.com");
        await page.GetByLabel("申诉理由").FillAsync("本人从未用此身份证在其他账号实名认证，附身份证照片为证。");
    }

    private static async Task<string> AppealIdAsync(IPage page) =>
        Regex.Match(await page.Locator("#appeal-done").TextContentAsync() ?? "", "ap_[a-z2-7]{20}").Value;

    private async Task<ApiResponse> EvidenceOnTheAdminPortAsync(string appealId)
    {
        using var admin = Node.CreateAdminClient();
        return (await ApiResponse.From(await admin.GetAsync($"/admin/appeals/{appealId}/evidence"))).AssertStatus(HttpStatusCode.OK);
    }

    /// <summary>The same bytes for the same key (a fixed boundary), as the page sends them.</summary>
    private static HttpRequestMessage Upload(string sessionId, string appealId, string idempotencyKey)
    {
        var body = new MultipartFormDataContent("fixed-boundary-" + idempotencyKey);
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        body.Add(file, "file1", "file1");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/verify/api/{sessionId}/appeals/{appealId}/evidence") { Content = body };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return request;
    }
}
