using Akka.Actor.Setup;

namespace RealName.Actors.Security;

/// <summary>
/// The keys the actor system needs, handed in as an ActorSystem <see cref="Setup"/> so the
/// serializer (created by Akka, not by DI) can reach the cipher.
/// </summary>
public sealed class RealNameSecrets : Setup
{
    public RealNameSecrets(byte[] encryptionKey, byte[] idKeySecret)
    {
        Cipher = new PiiCipher(encryptionKey);
        if (idKeySecret.Length < 32)
            throw new ArgumentException("The ID key secret must be at least 32 bytes.", nameof(idKeySecret));
        IdKeySecret = idKeySecret.ToArray();
    }

    public PiiCipher Cipher { get; }

    /// <summary>HMAC key for the registry's ID-card index.</summary>
    public byte[] IdKeySecret { get; }
}
