using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>
/// The seeds' ownership certificate on an appeal: multipart upload with size, type and count
/// limits, stored encrypted under the appellant account's data key, read by operators on the admin
/// port, unreadable once the appellant's data is erased.
/// </summary>
public sealed class AppealEvidenceSpecs(RealNameNode node) : IClassFixture<RealNameNode>
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Encoding.ASCII.GetBytes("OWNERSHIP-CERTIFICATE-png-body")];
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7 OWNERSHIP-CERTIFICATE-pdf-body");

    private async Task<(string AppealId, string Appellant)> OpenAppeal()
    {
        var idNumber = TestData.IdNumber();
        var (_, token) = await node.StartAwaitingScanAsync(TestData.Account("ev_holder"), TestData.Name, idNumber);
        (await node.ScanAsync(token, "app")).AssertStatus(HttpStatusCode.OK);
        (await node.PostFaceResultAsync(token, passed: true)).AssertStatus(HttpStatusCode.OK);
        var appellant = TestData.Account("ev_appellant");
        var filed = (await node.PostJsonAsync("/v1/appeals",
            $"{{\"accountId\":\"{appellant}\",\"name\":\"{TestData.Name}\",\"idNumber\":\"{idNumber}\",\"contact\":\"a@example.com\",\"reason\":\"mine\"}}")).AssertStatus(HttpStatusCode.Created);
        return (filed.Str("id")!, appellant);
    }

    private Task<ApiResponse> Upload(string appealId, params (byte[] Bytes, string Type)[] files) => Upload(appealId, null, files);

    /// <summary>With an <c>Idempotency-Key</c>, a fixed boundary: a retry sends the same bytes.</summary>
    private async Task<ApiResponse> Upload(string appealId, string? idempotencyKey, params (byte[] Bytes, string Type)[] files)
    {
        using var form = idempotencyKey is null ? new MultipartFormDataContent() : new MultipartFormDataContent("retry-boundary");
        var i = 0;
        foreach (var (bytes, type) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(type);
            form.Add(part, "file", $"certificate{++i}");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/appeals/{appealId}/evidence") { Content = form };
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await ApiResponse.From(await node.Client.SendAsync(request));
    }

    private async Task<HttpResponseMessage> AdminGet(string path)
    {
        using var admin = node.CreateAdminClient();
        return await admin.GetAsync(path);
    }

    [Fact]
    public async Task Should_store_evidence_encrypted_and_give_operators_the_same_bytes_on_the_admin_port()
    {
        var (appeal, _) = await OpenAppeal();

        var stored = (await Upload(appeal, (Png, "image/png"), (Pdf, "application/pdf"))).AssertStatus(HttpStatusCode.Created);

        var files = stored.Json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["image/png", "application/pdf"], files.Select(f => f.GetProperty("contentType").GetString()));
        var pngId = files[0].GetProperty("id").GetString()!;
        using var read = await AdminGet($"/admin/appeals/{appeal}/evidence/{pngId}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("image/png", read.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Png, await read.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain("OWNERSHIP-CERTIFICATE", StoredBytes());
        Assert.Equal(HttpStatusCode.NotFound, (await node.Client.GetAsync($"/admin/appeals/{appeal}/evidence/{pngId}")).StatusCode);
    }

    [Fact]
    public async Task Should_store_a_retried_upload_with_the_same_idempotency_key_once()
    {
        var (appeal, _) = await OpenAppeal();
        byte[] large = [.. Png, .. new byte[200 * 1024]]; // beyond the JSON routes' 16 KB: the key hashes up to this route's own limit
        var key = "ev-" + Guid.NewGuid().ToString("N");

        var first = (await Upload(appeal, key, (large, "image/png"))).AssertStatus(HttpStatusCode.Created);
        var retry = (await Upload(appeal, key, (large, "image/png"))).AssertStatus(HttpStatusCode.Created);

        Assert.Equal(first.Body, retry.Body);
        Assert.Single(first.Json.GetProperty("data").EnumerateArray());
        using var list = await AdminGet($"/admin/appeals/{appeal}/evidence");
        Assert.Single((await ApiResponse.From(list)).Json.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Should_make_the_evidence_unreadable_once_the_appellants_data_is_erased()
    {
        var (appeal, appellant) = await OpenAppeal();
        var id = (await Upload(appeal, (Pdf, "application/pdf"))).AssertStatus(HttpStatusCode.Created).Json.GetProperty("data")[0].GetProperty("id").GetString()!;
        using (var admin = node.CreateAdminClient())
            Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/v1/accounts/{appellant}/verification")).StatusCode);

        using var read = await AdminGet($"/admin/appeals/{appeal}/evidence/{id}");

        (await ApiResponse.From(read)).AssertProblem(HttpStatusCode.Gone, "evidence_erased");
        using var list = await AdminGet($"/admin/appeals/{appeal}/evidence");
        Assert.True((await ApiResponse.From(list)).Json.GetProperty("data")[0].GetProperty("erased").GetBoolean());
    }

    [Fact]
    public async Task Should_refuse_a_file_whose_content_is_not_jpeg_png_or_pdf_whatever_its_declared_type()
    {
        var (appeal, _) = await OpenAppeal();

        (await Upload(appeal, (Encoding.ASCII.GetBytes("<html>not an image</html>"), "image/png"))).AssertProblem(HttpStatusCode.UnsupportedMediaType, "unsupported_evidence_type");
    }

    [Fact]
    public async Task Should_refuse_a_file_over_five_megabytes()
    {
        var (appeal, _) = await OpenAppeal();
        var big = new byte[5 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);

        (await Upload(appeal, (big, "application/pdf"))).AssertProblem(HttpStatusCode.RequestEntityTooLarge, "evidence_too_large");
    }

    [Fact]
    public async Task Should_refuse_a_fourth_file_and_write_none_of_a_batch_that_would_pass_the_limit()
    {
        var (appeal, _) = await OpenAppeal();
        (await Upload(appeal, (Pdf, "application/pdf"), (Png, "image/png"))).AssertStatus(HttpStatusCode.Created);

        (await Upload(appeal, (Pdf, "application/pdf"), (Png, "image/png"))).AssertProblem(HttpStatusCode.Conflict, "evidence_limit_reached");

        (await Upload(appeal, (Pdf, "application/pdf"))).AssertStatus(HttpStatusCode.Created);
        (await Upload(appeal, (Png, "image/png"))).AssertProblem(HttpStatusCode.Conflict, "evidence_limit_reached");
    }

    [Fact]
    public async Task Should_refuse_evidence_for_an_unknown_or_decided_appeal_and_a_body_that_is_not_multipart()
    {
        var (appeal, _) = await OpenAppeal();
        using (var admin = node.CreateAdminClient())
        using (var reason = new StringContent("{\"reason\":\"no\"}", Encoding.UTF8, "application/json"))
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/admin/appeals/{appeal}/reject", reason)).StatusCode);

        (await Upload("ap_doesnotexist", (Pdf, "application/pdf"))).AssertProblem(HttpStatusCode.NotFound, "not_found");
        (await Upload(appeal, (Pdf, "application/pdf"))).AssertProblem(HttpStatusCode.Conflict, "invalid_state");
        (await node.PostJsonAsync($"/v1/appeals/{appeal}/evidence", "{}")).AssertProblem(HttpStatusCode.BadRequest, "invalid_request");
    }

    /// <summary>Every byte of the evidence file as text, to show no plaintext is stored.</summary>
    private string StoredBytes()
    {
        var path = Path.Combine(node.DataPath, "appeal-evidence.db");
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sealed FROM realname_appeal_evidence";
        using var reader = command.ExecuteReader();
        var all = new StringBuilder();
        while (reader.Read())
            all.Append(Encoding.ASCII.GetString((byte[])reader.GetValue(0)));
        return all.ToString();
    }
}
