using System.Text;
using System.Text.Json;

namespace RealName.Abuse.Campaign;

/// <summary>
/// Turns a valid request body into hostile ones: wrong types, missing and unknown fields, boundary
/// lengths, control characters, deep nesting, oversized bodies, invalid UTF-8, not-JSON.
/// </summary>
public static class RequestMutator
{
    private static readonly object?[] WrongTypes = [42, -1.5e308, true, null, new object[] { 1, "a" }, new Dictionary<string, object?> { ["x"] = 1 }, ""];
    private static readonly int[] Lengths = [0, 1, 2, 5, 6, 7, 17, 18, 19, 30, 31, 63, 64, 65, 127, 128, 129, 255, 256, 1000, 15_000];

    /// <summary>The body bytes for <paramref name="fields"/>, mutated one way chosen by <paramref name="random"/>, and what was done.</summary>
    public static (byte[] Body, string Mutation) Mutate(Random random, Dictionary<string, object?> fields)
    {
        var copy = new Dictionary<string, object?>(fields);
        var key = copy.Count > 0 ? copy.Keys.ElementAt(random.Next(copy.Count)) : "x";
        switch (random.Next(16))
        {
            case 0:
                copy[key] = WrongTypes[random.Next(WrongTypes.Length)];
                return (Json(copy), "wrong-type");
            case 1:
                copy.Remove(key);
                return (Json(copy), "missing-field");
            case 2:
                copy["unknown_" + random.Next(100)] = "z";
                copy["__proto__"] = new Dictionary<string, object?> { ["admin"] = true };
                return (Json(copy), "unknown-fields");
            case 3:
                copy[key] = new string((char)('0' + random.Next(10)), Lengths[random.Next(Lengths.Length)]);
                return (Json(copy), "boundary-length");
            case 4:
                copy[key] = "a\u0000b\u0007\u001b[31m\r\n\u202e\ud800" + copy.GetValueOrDefault(key);
                return (Json(copy), "control-characters");
            case 5:
                var depth = random.Next(2) == 0 ? 65 : 5_000;
                return (Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)), "deep-json");
            case 6:
                copy[key] = new string('x', random.Next(2) == 0 ? 17 * 1024 : 70 * 1024);
                return (Json(copy), "huge-body");
            case 7:
                var bytes = Json(copy).ToList();
                bytes.InsertRange(random.Next(1, bytes.Count - 1), new byte[] { 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80 });
                return (bytes.ToArray(), "invalid-utf8");
            case 8:
                return (Encoding.UTF8.GetBytes("<xml>" + key + "</xml>"), "not-json");
            case 9:
                return ([], "empty");
            case 10:
                return (Encoding.UTF8.GetBytes(random.Next(3) switch { 0 => "[]", 1 => "null", _ => "\"text\"" }), "top-level-not-object");
            case 11:
                var text = Encoding.UTF8.GetString(Json(copy));
                return (Encoding.UTF8.GetBytes(text.TrimEnd('}') + ",\"" + key + "\":\"dup\"}"), "duplicate-key");
            case 12:
                var valid = Json(copy);
                return (valid[..random.Next(valid.Length)], "truncated");
            default:
                return (Json(copy), "valid");
        }
    }

    public static byte[] Json(Dictionary<string, object?> fields) => JsonSerializer.SerializeToUtf8Bytes(fields);
}
