using System.Text;
using System.Text.Json;
using RealName.Actors.Identities;
using RealName.Domain.Identities;
using RealName.Domain.Sessions;

namespace RealName.Actors.Serialization;

/// <summary>
/// The registry snapshot in binary (manifest <c>re.snapshot.b</c>): the claims as length-prefixed
/// fields, the personal values as their encrypted envelopes (unopened), then the few revocations
/// and enterprises as one JSON block.
/// </summary>
/// <remarks>
/// Replaces the JSON form (<c>re.snapshot</c>, still read), too large and slow for a million claims
/// (see docs/adr/0003-registry-indexes-and-snapshots.md). Layout, version 1: <c>byte 1</c>, <c>int32</c>
/// claim count, per claim: account id, ID key, session id, method (7-bit int), name envelope, ID-number
/// envelope, verified-at (clock ticks, offset minutes as int16), appeal id (bool + string); then
/// <c>int32</c> length and the UTF-8 JSON of a snapshot holding only the revocations and enterprises.
/// </remarks>
internal sealed class RegistrySnapshotCodec(SensitiveEnvelopes envelopes, JsonSerializerOptions json)
{
    public const string Manifest = "re.snapshot.b";

    private const byte Version = 1;

    public byte[] Write(RegistryProtocol.Snapshot snapshot)
    {
        using var stream = new MemoryStream(64 + snapshot.Identities.Count * 240);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(snapshot.Identities.Count);
            foreach (var identity in snapshot.Identities)
                WriteIdentity(writer, identity);
            var rest = JsonSerializer.SerializeToUtf8Bytes(new RegistryProtocol.Snapshot([], snapshot.Revocations, snapshot.Enterprises), json);
            writer.Write(rest.Length);
            writer.Write(rest);
        }
        return stream.ToArray();
    }

    /// <exception cref="System.Runtime.Serialization.SerializationException">An unknown version or a truncated snapshot.</exception>
    public RegistryProtocol.Snapshot Read(byte[] bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
            var version = reader.ReadByte();
            if (version != Version)
                throw new System.Runtime.Serialization.SerializationException($"Unknown registry snapshot version {version}.");
            var identities = new AccountIdentity[reader.ReadInt32()];
            for (var i = 0; i < identities.Length; i++)
                identities[i] = ReadIdentity(reader);
            var rest = JsonSerializer.Deserialize<RegistryProtocol.Snapshot>(reader.ReadBytes(reader.ReadInt32()), json)
                ?? throw new System.Runtime.Serialization.SerializationException("A registry snapshot's tail decoded to null.");
            return new RegistryProtocol.Snapshot(identities, rest.Revocations, rest.Enterprises);
        }
        catch (EndOfStreamException e)
        {
            throw new System.Runtime.Serialization.SerializationException("A registry snapshot ends early.", e);
        }
    }

    private void WriteIdentity(BinaryWriter writer, AccountIdentity identity)
    {
        writer.Write(identity.AccountId.Value);
        writer.Write(identity.IdKey);
        writer.Write(identity.SessionId.Value);
        writer.Write7BitEncodedInt((int)identity.Method);
        writer.Write(envelopes.Write(identity.Name));
        writer.Write(envelopes.Write(identity.IdNumber));
        writer.Write(identity.VerifiedAt.Ticks);
        writer.Write((short)identity.VerifiedAt.Offset.TotalMinutes);
        writer.Write(identity.AppealId is not null);
        if (identity.AppealId is not null)
            writer.Write(identity.AppealId);
    }

    private AccountIdentity ReadIdentity(BinaryReader reader)
    {
        var account = reader.ReadString();
        var idKey = reader.ReadString();
        var session = reader.ReadString();
        var method = (VerificationMethod)reader.Read7BitEncodedInt();
        var name = envelopes.Read(reader.ReadString(), account);
        var idNumber = envelopes.Read(reader.ReadString(), account);
        var ticks = reader.ReadInt64();
        var offset = TimeSpan.FromMinutes(reader.ReadInt16());
        var appealId = reader.ReadBoolean() ? reader.ReadString() : null;
        return new AccountIdentity(new AccountId(account), idKey, new SessionId(session), method, name, idNumber, new DateTimeOffset(ticks, offset), appealId);
    }
}
