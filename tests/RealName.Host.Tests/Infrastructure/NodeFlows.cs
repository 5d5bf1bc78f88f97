using System.Net;

namespace RealName.Host.Tests.Infrastructure;

/// <summary>Multi-step flows used as setup by several specs.</summary>
public static class NodeFlows
{
    /// <summary>Takes a new session for <paramref name="accountId"/> through scan and a passing face result; returns the session id.</summary>
    public static async Task<string> VerifyAccountAsync(this RealNameNode node, string accountId, string idNumber, string name = TestData.Name)
    {
        var (sessionId, token) = await node.StartAwaitingScanAsync(accountId, name, idNumber);
        (await node.ScanAsync(token, "app_user_" + accountId)).AssertStatus(HttpStatusCode.OK);
        var face = await node.PostFaceResultAsync(token, passed: true);
        face.AssertStatus(HttpStatusCode.OK);
        Assert.Equal("verified", face.Str("status"));
        return sessionId;
    }

    /// <summary>Issues a new QR for a session awaiting a (re)scan and scans it; returns the new token.</summary>
    public static async Task<string> RescanAsync(this RealNameNode node, string sessionId, string appUserId)
    {
        var qr = await node.RefreshQrAsync(sessionId);
        qr.AssertStatus(HttpStatusCode.OK);
        var token = RealNameNode.TokenFrom(qr.Str("qr", "scanUrl")!);
        (await node.ScanAsync(token, appUserId)).AssertStatus(HttpStatusCode.OK);
        return token;
    }
}
