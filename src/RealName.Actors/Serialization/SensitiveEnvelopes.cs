using System.Text.Json;
using RealName.Actors.Security;
using RealName.Domain.Security;

namespace RealName.Actors.Serialization;

/// <summary>
/// How a <see cref="Sensitive"/> value is stored: always encrypted, in one of three envelopes:
/// <list type="bullet">
/// <item><c>v2:&lt;key id&gt;:&lt;subject&gt;:&lt;base64&gt;</c> — a value owned by a subject (an account), under that subject's data key;</item>
/// <item><c>v1:&lt;base64&gt;</c> — a value with no subject (an SMS code in flight), under the master key;</item>
/// <item><c>x:&lt;subject&gt;</c> — an erased value: nothing left to encrypt.</item>
/// </list>
/// A <c>v2</c> value is read back sealed and opened on first use (<see cref="SealedEnvelope"/>);
/// once its key is destroyed it opens as erased, so a shredded journal still replays. A sealed
/// value is written back as the envelope it came from. Used by the JSON converter and by the
/// registry's binary snapshots alike.
/// </summary>
internal sealed class SensitiveEnvelopes(PiiCipher master, SubjectKeys? keys)
{
    /// <summary>
    /// The envelopes of an ActorSystem, from its <see cref="Akka.Actor.Setup.ActorSystemSetup"/>: the master
    /// cipher (<see cref="RealNameSecrets"/>) and the per-account keys (<see cref="SubjectKeys"/>) —
    /// the one way in, for the serializer and for the registry's sealing alike; null without secrets.
    /// </summary>
    public static SensitiveEnvelopes? From(Akka.Actor.Setup.ActorSystemSetup setup)
    {
        var secrets = setup.Get<RealNameSecrets>();
        var keys = setup.Get<SubjectKeys>();
        return secrets.HasValue ? new SensitiveEnvelopes(secrets.Value.Cipher, keys.HasValue ? keys.Value : null) : null;
    }

    private const string SubjectVersion = "v2:";
    private const string ErasedPrefix = "x:";

    /// <summary>
    /// The value an envelope holds (sealed when it is a subject's). <paramref name="knownSubject"/>, the
    /// subject the caller expects, is used instead of a copy when the envelope names it (a million
    /// claims in a snapshot then hold one account-id string each, not three).
    /// </summary>
    /// <exception cref="JsonException">A subject envelope lacks its key id or subject.</exception>
    public Sensitive Read(string envelope, string? knownSubject = null)
    {
        if (envelope.StartsWith(ErasedPrefix, StringComparison.Ordinal))
            return Sensitive.Erased(envelope.Length > ErasedPrefix.Length ? envelope[ErasedPrefix.Length..] : null);
        if (!envelope.StartsWith(SubjectVersion, StringComparison.Ordinal))
            return new Sensitive(master.Decrypt(envelope));
        var keyEnd = envelope.IndexOf(':', SubjectVersion.Length);
        var subjectEnd = keyEnd < 0 ? -1 : envelope.IndexOf(':', keyEnd + 1);
        if (keyEnd <= SubjectVersion.Length || subjectEnd <= keyEnd + 1)
            throw new JsonException("A subject envelope lacks its key id or subject.");
        var subject = envelope.AsSpan(keyEnd + 1, subjectEnd - keyEnd - 1);
        return Sensitive.FromSealed(new SealedEnvelope(envelope, SubjectVersion.Length, keyEnd,
            knownSubject is not null && subject.SequenceEqual(knownSubject) ? knownSubject : subject.ToString(), Keys));
    }

    /// <summary>
    /// <paramref name="value"/> sealed now: encrypted once, here, and from then on written as that
    /// envelope (the journal event and every later snapshot) while it still opens to the clear value
    /// without a key lookup. Values already sealed, erased or without a subject come back as they are.
    /// </summary>
    public Sensitive Seal(Sensitive value)
    {
        if (value.Sealed is not null || value.IsErased || value.Subject is null)
            return value;
        var envelope = Write(value);
        var keyEnd = envelope.IndexOf(':', SubjectVersion.Length);
        return Sensitive.FromSealed(new SealedEnvelope(envelope, SubjectVersion.Length, keyEnd, value.Subject, Keys, value.Value));
    }

    /// <summary>The envelope to store for <paramref name="value"/>.</summary>
    public string Write(Sensitive value)
    {
        if (value.Sealed is { } sealedValue)
            return sealedValue.Envelope; // unchanged since it was read: no key needed, even if erased since
        if (value.IsErased)
            return ErasedPrefix + value.Subject;
        if (value.Subject is null)
            return master.Encrypt(value.Value);
        var (keyId, cipher) = Keys.Current(value.Subject);
        return SubjectVersion + keyId + ":" + value.Subject + ":" + cipher.EncryptBody(value.Value);
    }

    private SubjectKeys Keys => keys ?? throw new InvalidOperationException(
        "SubjectKeys must be part of the ActorSystem setup: a personal value owned by an account cannot be written or read without its data key.");
}
