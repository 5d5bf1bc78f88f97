using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using RealName.Abuse.Tests.Infrastructure;
using RealName.Actors.Security;
using RealName.Client;
using RealName.Domain.Sessions;
using RealName.Persistence;
using RealName.Persistence.Keys;
using RealName.Persistence.Sqlite;

namespace RealName.Abuse.Tests;

/// <summary>
/// PIPL redaction, verified the way an auditor would: erase accounts, restart the node, then read
/// the read side and the raw journal and key store files. An account counts as redacted only when
/// nothing of it is readable through the API and every key its journal rows name is destroyed.
/// </summary>
public sealed partial class RedactionSpecs : IAsyncLifetime
{
    private const int Verified = 3;
    private const int Open = 2;
    private AbuseNode? _node;

    private AbuseNode Node => _node!;

    public async Task InitializeAsync() => _node = await AbuseNode.StartAsync();

    public async Task DisposeAsync()
    {
        if (_node is not null)
            await _node.DisposeAsync();
    }

    [Fact]
    public async Task Should_leave_no_readable_personal_value_of_erased_accounts_in_the_api_or_the_journal_after_a_restart()
    {
        var idNumbers = new[] { "11010519491231002X", "110105194912310011", "110105194912310046", "110105194912310054", "110105194912310089" };
        var accounts = new List<(string Account, string Session)>();
        using (var client = Node.CreateClient())
        {
            for (var i = 0; i < Verified + Open; i++)
            {
                var account = $"acc_redact_{i}";
                var (session, token) = await client.AwaitingScanAsync(account, idNumbers[i]);
                if (i < Verified)
                    await PassFace(client, token, account);
                accounts.Add((account, session));
            }
            var kept = await client.AwaitingScanAsync("acc_redact_kept", "110105194912310062");
            using (var admin = Node.CreateAdminClient())
                foreach (var (account, _) in accounts)
                    Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync($"/v1/accounts/{account}/verification")).StatusCode);
            accounts.Add(("acc_redact_kept", kept.Id));
        }

        await Node.RestartAsync();

        var redacted = 0;
        using (var client = Node.CreateClient())
        {
            foreach (var (account, session) in accounts.Take(Verified + Open))
            {
                var view = await Json(client, $"/v1/sessions/{session}");
                var record = await Json(client, $"/v1/accounts/{account}/verification");
                Assert.Equal(JsonValueKind.Null, view.GetProperty("identity").ValueKind);
                Assert.Equal(JsonValueKind.Null, record.GetProperty("identity").ValueKind);
                var keyIds = JournalKeyIds(new SessionId(session).PersistenceId);
                Assert.NotEmpty(keyIds);
                Assert.All(keyIds, keyId => Assert.True(IsDestroyed(keyId, account), $"key {keyId} of {account} is still live"));
                redacted++;
            }
            // An account that was not erased keeps its data readable: erasure is per account.
            var keptView = await Json(client, $"/v1/sessions/{accounts[^1].Session}");
            Assert.Equal("*三", keptView.GetProperty("identity").GetProperty("name").GetString());
        }
        var registryKeys = JournalKeyIds("identity-registry");
        Assert.NotEmpty(registryKeys);
        Assert.All(registryKeys.Where(k => SubjectOf(k).StartsWith("acc_redact_", StringComparison.Ordinal) && SubjectOf(k) != "acc_redact_kept"),
            keyId => Assert.True(IsDestroyed(keyId, SubjectOf(keyId))));

        AbuseReport.Record("redactions verified (API after restart, journal keys destroyed)", $"{redacted}/{Verified + Open}");
        Assert.Equal(Verified + Open, redacted);
    }

    /// <summary>Every subject key id that the journal rows of <paramref name="persistenceId"/> name.</summary>
    private List<string> JournalKeyIds(string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Node.DataPath, PersistenceHosting.JournalFile)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message FROM journal WHERE persistence_id = $p";
        command.Parameters.AddWithValue("$p", persistenceId);
        using var reader = command.ExecuteReader();
        var keys = new HashSet<string>();
        while (reader.Read())
            foreach (Match m in KeyIdPattern().Matches(Encoding.UTF8.GetString((byte[])reader.GetValue(0))))
                keys.Add(m.Groups[1].Value);
        return keys.ToList();
    }

    private bool IsDestroyed(string keyId, string subject) =>
        Query("SELECT COUNT(*) FROM " + SubjectKeyStore.Table + " WHERE key_id = $k AND subject = $s AND wrapped_key IS NULL", keyId, subject) == "1";

    private string SubjectOf(string keyId) => Query("SELECT subject FROM " + SubjectKeyStore.Table + " WHERE key_id = $k", keyId, null) ?? "";

    private string? Query(string sql, string keyId, string? subject)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(Node.DataPath, SubjectKeyStore.SqliteFile)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$k", keyId);
        if (subject is not null)
            command.Parameters.AddWithValue("$s", subject);
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private async Task PassFace(HttpClient client, string token, string account)
    {
        var api = client.Api(Node.Time);
        string bizToken;
        using (var scan = await api.ScanAsync(token, "app_" + account))
        {
            Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
            bizToken = ApiAnswers.BizToken(JsonDocument.Parse(await scan.Content.ReadAsStringAsync()).RootElement)!;
        }
        using var face = await api.PostFaceResultAsync(FaceResult.Pass(bizToken, "f_" + account));
        Assert.Equal("verified", JsonDocument.Parse(await face.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    private static async Task<JsonElement> Json(HttpClient client, string path)
    {
        using var answer = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [GeneratedRegex("\"v2:(k[0-9a-f]{32}):")]
    private static partial Regex KeyIdPattern();
}
