namespace RealName.Host.Configuration;

/// <summary>
/// Secrets from files (<c>RealName:AppSecretFile=/run/secrets/app</c>), so that no key stands on a
/// command line, where <c>ps</c> shows it, or in the environment. Every secret option <c>X</c> also
/// accepts <c>XFile</c>; the file is read once, at start, without its trailing newline
/// (<c>ApiKeysFile</c>: one key per line, blank lines skipped). A file that cannot be read, or an
/// option given both ways, refuses the start, naming the option (never the value).
/// </summary>
public static class SecretFiles
{
    private const string Suffix = "File";

    /// <summary>The single-value secret options, each with its <c>…File</c> twin.</summary>
    private static readonly (string Name, Action<RealNameOptions, string> Set)[] Singles =
    [
        (nameof(RealNameOptions.AppSecret), (o, v) => o.AppSecret = v),
        (nameof(RealNameOptions.FaceSecret), (o, v) => o.FaceSecret = v),
        (nameof(RealNameOptions.AdminToken), (o, v) => o.AdminToken = v),
        (nameof(RealNameOptions.EncryptionKey), (o, v) => o.EncryptionKey = v),
        (nameof(RealNameOptions.IdKeySecret), (o, v) => o.IdKeySecret = v),
    ];

    /// <summary>
    /// Copies the secrets resolved at start into an options instance bound later (<c>IOptions&lt;RealNameOptions&gt;</c>),
    /// so every reader sees the file's value without reading the file again.
    /// </summary>
    public static void CopySecrets(RealNameOptions from, RealNameOptions to)
    {
        to.ApiKeys = from.ApiKeys;
        to.AppSecret = from.AppSecret;
        to.FaceSecret = from.FaceSecret;
        to.AdminToken = from.AdminToken;
        to.EncryptionKey = from.EncryptionKey;
        to.IdKeySecret = from.IdKeySecret;
    }

    /// <summary>Reads every <c>…File</c> option of <paramref name="section"/> into <paramref name="options"/>.</summary>
    /// <exception cref="StartRefusedException">A file is missing or unreadable, or a secret is given both inline and as a file.</exception>
    public static void Apply(IConfiguration section, RealNameOptions options)
    {
        var problems = new List<string>();
        foreach (var (name, set) in Singles)
        {
            if (Read(section, name, problems) is { } text)
                set(options, text.TrimEnd('\r', '\n'));
        }
        const string keys = nameof(RealNameOptions.ApiKeys);
        if (Read(section, keys, problems) is { } lines)
            options.ApiKeys = lines.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).Select(ApiKeyOptions.FromPlainKey).ToArray();
        if (problems.Count > 0)
            throw new StartRefusedException(problems);
    }

    private static string? Read(IConfiguration section, string name, List<string> problems)
    {
        var path = section[name + Suffix];
        if (string.IsNullOrEmpty(path))
            return null;
        var inline = section.GetSection(name);
        if (inline.Value is not null || inline.GetChildren().Any())
        {
            problems.Add($"{Setting(name)} and {Setting(name + Suffix)} are both set; give the secret one way.");
            return null;
        }
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add($"{Setting(name + Suffix)} names a file that cannot be read ({e.GetType().Name}).");
            return null;
        }
    }

    private static string Setting(string name) => $"{RealNameOptions.Section}:{name}";
}
