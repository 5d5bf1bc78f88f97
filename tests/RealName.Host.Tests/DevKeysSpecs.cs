using RealName.Host.Configuration;

namespace RealName.Host.Tests;

/// <summary>The sandbox's generated dev keys in <c>DataPath/dev-keys.json</c>.</summary>
public sealed class DevKeysSpecs : IDisposable
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "realname-devkeys-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public void Should_write_generated_dev_keys_readable_by_their_owner_only_and_reuse_them()
    {
        var first = KeyMaterial.Resolve(new RealNameOptions { DataPath = _dataPath });
        var again = KeyMaterial.Resolve(new RealNameOptions { DataPath = _dataPath });

        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dataPath, KeyMaterial.DevKeyFile)));
        Assert.Equal(first.IdKeySecret, again.IdKeySecret);
    }

    public void Dispose() => Directory.Delete(_dataPath, recursive: true);
}
