using System.Text.Json;

namespace RealName.Actors.Serialization;

/// <summary>
/// The stored form of an <see cref="Domain.Sessions.AttributedEvent"/>: the event's JSON object
/// with <c>"by"</c> as its first field (<c>{"by":"web","at":…}</c>). The event's own type ignores
/// the extra field, so journals written before (no field) and nodes of the previous version (which
/// skip it) both read; no session event has a field of that name.
/// </summary>
internal static class AttributedJson
{
    private static readonly byte[] Prefix = "{\"by\":"u8.ToArray();

    public static byte[] Write(byte[] eventJson, string by)
    {
        // The event is a record with at least its time: its JSON is "{" + fields + "}", never "{}".
        var name = JsonEncodedText.Encode(by).EncodedUtf8Bytes;
        var result = new byte[Prefix.Length + name.Length + 3 + eventJson.Length - 1];
        var rest = result.AsSpan();
        Prefix.CopyTo(rest);
        rest = rest[Prefix.Length..];
        rest[0] = (byte)'"';
        name.CopyTo(rest[1..]);
        rest = rest[(name.Length + 1)..];
        rest[0] = (byte)'"';
        rest[1] = (byte)',';
        eventJson.AsSpan(1).CopyTo(rest[2..]);
        return result;
    }

    /// <summary>The name a stored event carries, or null for one stored before names were recorded.</summary>
    public static string? Read(byte[] json)
    {
        if (!json.AsSpan().StartsWith(Prefix))
            return null;
        var reader = new Utf8JsonReader(json);
        reader.Read(); // {
        reader.Read(); // "by"
        reader.Read(); // its value
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }
}
