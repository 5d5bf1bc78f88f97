using System.Security.Cryptography;
using System.Text.Json;
using RealName.Actors.Security;

namespace RealName.Host.Configuration;

/// <summary>
/// Resolves the encryption and ID-index keys: from configuration when given, otherwise (sandbox
/// only) from <c>dev-keys.json</c> in the data folder, generated on first run and reused after,
/// so a restarted dev node can still read its own journal.
/// </summary>
public static class KeyMaterial
{
    public const string DevKeyFile = "dev-keys.json";

    public static RealNameSecrets Resolve(RealNameOptions options)
    {
        if (options.EncryptionKey is { Length: > 0 } enc && options.IdKeySecret is { Length: > 0 } idk)
            return new RealNameSecrets(Decode(enc, nameof(options.EncryptionKey)), Decode(idk, nameof(options.IdKeySecret)));
        if (options.IsProduction)
            throw new InvalidOperationException("The production profile needs RealName:EncryptionKey and RealName:IdKeySecret; it will not use a generated dev key.");

        var path = Path.Combine(options.DataPath, DevKeyFile);
        DevKeys keys;
        if (File.Exists(path))
        {
            keys = JsonSerializer.Deserialize(File.ReadAllText(path), HostJsonContext.Default.DevKeys)
                ?? throw new InvalidOperationException($"{path} is empty.");
        }
        else
        {
            Directory.CreateDirectory(options.DataPath);
            keys = new DevKeys(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            // Owner-only (0600) from its first byte: the keys decrypt the journal.
            var ownerOnly = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
                ownerOnly.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var file = new StreamWriter(path, new System.Text.UTF8Encoding(false), ownerOnly);
            file.Write(JsonSerializer.Serialize(keys, HostJsonContext.Default.DevKeys));
        }
        return new RealNameSecrets(
            Decode(options.EncryptionKey is { Length: > 0 } e ? e : keys.EncryptionKey, nameof(options.EncryptionKey)),
            Decode(options.IdKeySecret is { Length: > 0 } i ? i : keys.IdKeySecret, nameof(options.IdKeySecret)));
    }

    private static byte[] Decode(string base64, string name)
    {
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new StartRefusedException($"RealName:{name} is not valid base64.");
        }
    }
}

public sealed record DevKeys(string EncryptionKey, string IdKeySecret);
