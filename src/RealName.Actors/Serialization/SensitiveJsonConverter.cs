using System.Text.Json;
using System.Text.Json.Serialization;
using RealName.Actors.Security;
using RealName.Domain.Security;

namespace RealName.Actors.Serialization;

/// <summary>Writes every <see cref="Sensitive"/> value encrypted, so events and snapshots never hold personal data in clear.</summary>
internal sealed class SensitiveJsonConverter(PiiCipher cipher) : JsonConverter<Sensitive>
{
    public override Sensitive Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(cipher.Decrypt(reader.GetString() ?? throw new JsonException("A sensitive value is null.")));

    public override void Write(Utf8JsonWriter writer, Sensitive value, JsonSerializerOptions options) =>
        writer.WriteStringValue(cipher.Encrypt(value.Value));
}
