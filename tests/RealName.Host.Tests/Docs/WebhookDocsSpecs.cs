using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests.Docs;

/// <summary>The receiver code docs/webhooks.md gives integrators, run against a real delivery.</summary>
public sealed class WebhookDocsSpecs : WebhookNodeSpecs
{
    [Fact]
    public async Task Should_accept_a_delivery_and_refuse_it_tampered_with_the_python_verifier_of_the_webhook_docs()
    {
        using var admin = Node.CreateAdminClient();
        var added = await admin.PostAsJsonAsync("/admin/webhooks", new { url = Receiver.Url, events = new[] { "session.verified" } });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var secret = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var verified = await Node.VerifyAccountAsync("acc_docs_" + Guid.NewGuid().ToString("N")[..8], TestData.IdNumber());
        var delivery = await Eventually.ReturnsAsync(
            () => Task.FromResult(Receiver.Received.FirstOrDefault(r => r.ObjectId == verified)), TimeSpan.FromSeconds(20), "the verified session's delivery");
        Assert.Contains(TestData.MaskedName, delivery!.Body, StringComparison.Ordinal); // non-ASCII bytes in what is signed

        var docs = await Markdown.ReadAsync("docs", "webhooks.md");
        var verifier = Markdown.Block(docs, "### Verifying a delivery (Python)", "python");
        var work = Directory.CreateTempSubdirectory("realname-webhook-docs-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "verify.py"), verifier + """

                import sys
                secret, header, body = sys.argv[1], sys.argv[2], open(sys.argv[3], "rb").read()
                tampered = body.replace(b'"verified"', b'"canceled"', 1)
                print(verify(secret, header, body), verify(secret, header, tampered), verify("whsec_other", header, body))
                """);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "body"), delivery.Body); // UTF-8, as received
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "header"), delivery.Signature!);

            var (exit, output) = await Bash.RunAsync($"cd '{work.FullName}' && python3 verify.py '{secret}' \"$(cat header)\" body", TimeSpan.FromMinutes(1));

            Assert.True(exit == 0, output);
            Assert.Equal("True False False", output.Trim());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
