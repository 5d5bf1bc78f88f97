using System.Text.Json;
using System.Text.Json.Serialization;
using RealName.Domain.Security;

namespace RealName.Actors.Serialization;

/// <summary>Writes every <see cref="Sensitive"/> value as its encrypted envelope (see <see cref="SensitiveEnvelopes"/>).</summary>
internal sealed class SensitiveJsonConverter(SensitiveEnvelopes envelopes) : JsonConverter<Sensitive>
{
    public override Sensitive Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        envelopes.Read(reader.GetString() ?? throw new JsonException("A sensitive value is null."));

    public override void Write(Utf8JsonWriter writer, Sensitive value, JsonSerializerOptions options) =>
        writer.WriteStringValue(envelopes.Write(value));
}
