using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using RealName.Cli.Tests.Infrastructure;

namespace RealName.Cli.Tests;

/// <summary><c>appeals evidence</c>: the operator lists an appeal's evidence and saves the decrypted files.</summary>
[Collection(SingleNodeCollection.Name)]
public sealed class AppealEvidenceCommandsSpecs(SingleNode node)
{
    [Fact]
    public async Task Should_list_an_appeals_evidence_and_save_the_decrypted_files_into_a_folder()
    {
        var idNumber = TestData.IdNumber();
        await node.VerifyAccountAsync(TestData.Account("ev_holder"), idNumber);
        using var filed = await node.Client.PostAsJsonAsync("/v1/appeals",
            new { accountId = TestData.Account("ev_appellant"), name = "张三", idNumber, contact = "me@example.com", reason = "my identity" });
        var appeal = System.Text.Json.JsonDocument.Parse(await filed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        var pdf = Encoding.ASCII.GetBytes("%PDF-1.7 ownership certificate");
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(pdf);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(part, "file", "certificate.pdf");
        using var uploaded = await node.Client.PostAsync($"/v1/appeals/{appeal}/evidence", form);
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        var folder = Path.Combine(Path.GetTempPath(), "realname-evidence-" + Guid.NewGuid().ToString("N"));
        try
        {
            var saved = (await node.CliAsync("appeals", "evidence", appeal, "--save", folder)).AssertSucceeded();

            Assert.Contains("application/pdf", saved.Output);
            Assert.Contains("readable", saved.Output);
            Assert.Equal(pdf, await File.ReadAllBytesAsync(Directory.GetFiles(folder, "*.pdf").Single()));
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Should_show_an_empty_list_for_an_appeal_without_evidence()
    {
        var listed = (await node.CliAsync("appeals", "evidence", "ap_noevidence")).AssertSucceeded();

        Assert.DoesNotContain("readable", listed.Output);
    }
}
