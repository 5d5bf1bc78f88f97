using System.Text.Json;

namespace RealName.Client;

/// <summary>The values of P1 answers the next step needs, read from their JSON.</summary>
public static class ApiAnswers
{
    /// <summary>The QR token of an answer that issued a QR (identity or refresh): the <c>t</c> value of <c>qr.scanUrl</c>.</summary>
    public static string QrToken(JsonElement answer) => TokenFrom(answer.GetProperty("qr").GetProperty("scanUrl").GetString()!);

    /// <summary>The face check a scan started (<c>face.bizToken</c>), or null when the answer names none.</summary>
    public static string? BizToken(JsonElement scanAnswer) =>
        scanAnswer.TryGetProperty("face", out var face) && face.ValueKind == JsonValueKind.Object
        && face.TryGetProperty("bizToken", out var bizToken) ? bizToken.GetString() : null;

    /// <summary>The QR token: the <c>t</c> query value of a scan URL.</summary>
    public static string TokenFrom(string scanUrl)
    {
        var query = new Uri(scanUrl).Query.TrimStart('?');
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            if (kv.Length == 2 && kv[0] == "t")
                return Uri.UnescapeDataString(kv[1]);
        }
        throw new ArgumentException($"No t= in the scan URL '{scanUrl}'.", nameof(scanUrl));
    }
}
