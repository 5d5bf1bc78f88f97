using System.Net;
using System.Text;
using RealName.Host.Tests.Infrastructure;

namespace RealName.Host.Tests;

/// <summary>
/// After an erasure on a SQLite node, every file of the data folder (databases, <c>-wal</c>, <c>-shm</c>,
/// dev keys) is read as raw bytes, the way someone holding a copy of the disk would.
/// </summary>
public sealed class ErasureRemnantsSpecs
{
    [Fact]
    public async Task Should_leave_no_name_id_number_or_app_user_id_in_clear_in_any_data_file_and_no_account_id_in_a_wal()
    {
        await using var node = await RealNameNode.StartAsync();
        var accountId = TestData.Account("remnants");
        var idNumber = TestData.IdNumber();
        var appUserId = "app_user_" + Guid.NewGuid().ToString("N");
        var (_, token) = await node.StartAwaitingScanAsync(accountId, TestData.Name, idNumber);
        (await node.ScanAsync(token, appUserId)).AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", (await node.PostFaceResultAsync(token, passed: true)).Str("status"));

        using (var admin = node.CreateAdminClient())
            (await ApiResponse.From(await admin.DeleteAsync($"/v1/accounts/{accountId}/verification"))).AssertStatus(HttpStatusCode.OK);

        var files = Directory.GetFiles(node.DataPath, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith("journal.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = ReadShared(file);
            foreach (var (what, value) in new[] { ("name", TestData.Name), ("ID number", idNumber), ("app user id", appUserId) })
                Assert.False(Contains(bytes, value), $"{Path.GetFileName(file)} holds the {what} in clear");
        }
        // The claim is kept by design (the account id stays in journal.db and the key store's tombstone),
        // but no write-ahead log still holds page images from before the erasure.
        foreach (var wal in files.Where(f => f.EndsWith("-wal", StringComparison.Ordinal)))
            Assert.False(Contains(ReadShared(wal), accountId), $"{Path.GetFileName(wal)} still holds the account id");
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, string value) =>
        haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) >= 0;
}
