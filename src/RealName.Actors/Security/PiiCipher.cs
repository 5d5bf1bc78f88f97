using System.Security.Cryptography;
using System.Text;

namespace RealName.Actors.Security;

/// <summary>
/// AES-256-GCM for personal values inside persisted events and snapshots. Each value gets a
/// fresh 96-bit nonce; <see cref="Encrypt"/> gives <c>v1:</c> + base64(nonce ‖ ciphertext ‖ tag).
/// One instance serves the master key; <see cref="SubjectKeys"/> holds one per subject data key.
/// </summary>
public sealed class PiiCipher
{
    private const string Version = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public PiiCipher(byte[] key)
    {
        if (key.Length != 32)
            throw new ArgumentException("The encryption key must be 32 bytes (base64 of 32 random bytes).", nameof(key));
        _key = key.ToArray();
    }

    public string Encrypt(string plaintext) => Version + Convert.ToBase64String(Seal(Encoding.UTF8.GetBytes(plaintext), default));

    public string Decrypt(string sealedValue)
    {
        if (!sealedValue.StartsWith(Version, StringComparison.Ordinal))
            throw new CryptographicException("Unknown personal-data envelope version.");
        return DecryptBody(sealedValue.AsSpan(Version.Length));
    }

    /// <summary>The base64 body of an envelope (no version prefix); the caller writes its own prefix.</summary>
    internal string EncryptBody(string plaintext) => Convert.ToBase64String(Seal(Encoding.UTF8.GetBytes(plaintext), default));

    internal string DecryptBody(ReadOnlySpan<char> base64) => Encoding.UTF8.GetString(Open(Convert.FromBase64String(base64.ToString()), default));

    /// <summary>nonce ‖ ciphertext ‖ tag of <paramref name="plain"/>, bound to <paramref name="associated"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> plain, ReadOnlySpan<byte> associated)
    {
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), associated);
        return output;
    }

    public byte[] Open(ReadOnlySpan<byte> data, ReadOnlySpan<byte> associated)
    {
        if (data.Length < NonceSize + TagSize)
            throw new CryptographicException("Truncated personal-data envelope.");
        var plainLength = data.Length - NonceSize - TagSize;
        var plain = new byte[plainLength];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(data[..NonceSize], data.Slice(NonceSize, plainLength), data[(NonceSize + plainLength)..], plain, associated);
        return plain;
    }
}
