using System.Text.Json;
using System.Text.Json.Serialization;
using RealName.Actors.Security;
using RealName.Domain.Security;

namespace RealName.Actors.Serialization;

/// <summary>
/// Writes every <see cref="Sensitive"/> value encrypted, so events and snapshots never hold personal
/// data in clear. Three envelopes:
/// <list type="bullet">
/// <item><c>v2:&lt;key id&gt;:&lt;subject&gt;:&lt;base64&gt;</c> — a value owned by a subject (an account), under that subject's data key;</item>
/// <item><c>v1:&lt;base64&gt;</c> — a value with no subject (an SMS code in flight), under the master key;</item>
/// <item><c>x:&lt;subject&gt;</c> — an erased value: nothing left to encrypt.</item>
/// </list>
/// A <c>v2</c> value is read back sealed and opened on first use (<see cref="SealedEnvelope"/>);
/// once its key is destroyed it opens as erased, so a shredded journal still replays. A sealed
/// value is written back as the envelope it came from.
/// </summary>
internal sealed class SensitiveJsonConverter(PiiCipher master, SubjectKeys? keys) : JsonConverter<Sensitive>
{
    private const string SubjectVersion = "v2:";
    private const string ErasedPrefix = "x:";

    public override Sensitive Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var envelope = reader.GetString() ?? throw new JsonException("A sensitive value is null.");
        if (envelope.StartsWith(ErasedPrefix, StringComparison.Ordinal))
            return Sensitive.Erased(envelope.Length > ErasedPrefix.Length ? envelope[ErasedPrefix.Length..] : null);
        if (!envelope.StartsWith(SubjectVersion, StringComparison.Ordinal))
            return new Sensitive(master.Decrypt(envelope));
        var keyEnd = envelope.IndexOf(':', SubjectVersion.Length);
        var subjectEnd = keyEnd < 0 ? -1 : envelope.IndexOf(':', keyEnd + 1);
        if (keyEnd <= SubjectVersion.Length || subjectEnd <= keyEnd + 1)
            throw new JsonException("A subject envelope lacks its key id or subject.");
        return Sensitive.FromSealed(new SealedEnvelope(envelope, envelope[SubjectVersion.Length..keyEnd], envelope[(keyEnd + 1)..subjectEnd], subjectEnd + 1, Keys));
    }

    public override void Write(Utf8JsonWriter writer, Sensitive value, JsonSerializerOptions options)
    {
        if (value.Sealed is { } sealedValue)
            writer.WriteStringValue(sealedValue.Envelope); // unchanged since it was read: no key needed, even if erased since
        else if (value.IsErased)
            writer.WriteStringValue(ErasedPrefix + value.Subject);
        else if (value.Subject is null)
            writer.WriteStringValue(master.Encrypt(value.Value));
        else
        {
            var (keyId, cipher) = Keys.Current(value.Subject);
            writer.WriteStringValue(SubjectVersion + keyId + ":" + value.Subject + ":" + cipher.EncryptBody(value.Value));
        }
    }

    private SubjectKeys Keys => keys ?? throw new InvalidOperationException(
        "SubjectKeys must be part of the ActorSystem setup: a personal value owned by an account cannot be written or read without its data key.");
}
