using System.Security.Cryptography;
using System.Text;

namespace RealName.Actors.Security;

/// <summary>
/// AES-256-GCM for personal values inside persisted events and snapshots. Each value gets a
/// fresh 96-bit nonce; the output is <c>v1:</c> + base64(nonce ‖ ciphertext ‖ tag).
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

    public string Encrypt(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length));
        return Version + Convert.ToBase64String(output);
    }

    public string Decrypt(string sealedValue)
    {
        if (!sealedValue.StartsWith(Version, StringComparison.Ordinal))
            throw new CryptographicException("Unknown personal-data envelope version.");
        var data = Convert.FromBase64String(sealedValue[Version.Length..]);
        if (data.Length < NonceSize + TagSize)
            throw new CryptographicException("Truncated personal-data envelope.");
        var plainLength = data.Length - NonceSize - TagSize;
        var plain = new byte[plainLength];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plainLength), data.AsSpan(NonceSize + plainLength), plain);
        return Encoding.UTF8.GetString(plain);
    }
}
