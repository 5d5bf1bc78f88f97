using System.Net;
using RealName.Client;

namespace RealName.Testing;

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

    /// <summary>Takes a new session through three failing face results (the attempt limit); returns the session id.</summary>
    public static async Task<string> FailFaceThreeTimesAsync(this RealNameNode node, string accountId, string idNumber)
    {
        var (sessionId, token) = await node.StartAwaitingScanAsync(accountId, TestData.Name, idNumber);
        ApiResponse face = null!;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            if (attempt > 1)
                token = await node.RescanAsync(sessionId, "app_user_" + accountId);
            else
                (await node.ScanAsync(token, "app_user_" + accountId)).AssertStatus(HttpStatusCode.OK);
            face = (await node.PostFaceResultAsync(token, passed: false)).AssertStatus(HttpStatusCode.OK);
        }
        Assert.Equal("failed", face.Str("status"));
        Assert.Equal("too_many_attempts", face.Str("lastError", "code"));
        return sessionId;
    }

    /// <summary>Issues a new QR for a session awaiting a (re)scan and scans it; returns the new token.</summary>
    public static async Task<string> RescanAsync(this RealNameNode node, string sessionId, string appUserId)
    {
        var qr = await node.RefreshQrAsync(sessionId);
        qr.AssertStatus(HttpStatusCode.OK);
        var token = ApiAnswers.QrToken(qr.Json);
        (await node.ScanAsync(token, appUserId)).AssertStatus(HttpStatusCode.OK);
        return token;
    }
}
