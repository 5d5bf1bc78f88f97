using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RealName.Domain.Sessions;

namespace RealName.Host.Configuration;

/// <summary>What a frontend API key may do; a route names the one it needs.</summary>
public static class ApiScopes
{
    /// <summary>Create and drive sessions (every <c>POST /v1/sessions…</c>, and <c>qr.svg</c>, which holds the live QR token).</summary>
    public const string Sessions = "sessions";

    /// <summary>Read sessions, their event streams and account records.</summary>
    public const string Read = "read";

    /// <summary>File and read appeals.</summary>
    public const string Appeals = "appeals";

    public static readonly string[] All = [Sessions, Read, Appeals];
}

/// <summary>
/// A frontend API key (<c>RealName:ApiKeys:n</c>): <c>{name, key, scopes}</c>. The name is recorded
/// with everything the key does. A plain string entry (the list of keys before keys had names) is
/// still read: it is a key with every scope, named <c>key-</c> + the first 8 hex digits of its SHA-256.
/// </summary>
[TypeConverter(typeof(PlainApiKeyConverter))]
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";
    public string Key { get; set; } = "";
    public string[] Scopes { get; set; } = [];

    /// <summary>The plain-string form: every scope, a name derived from the key (not the key itself).</summary>
    public static ApiKeyOptions FromPlainKey(string key) => new()
    {
        Name = key == SandboxCredentials.ApiKey ? Credentials.SandboxName : "key-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..8],
        Key = key,
        Scopes = ApiScopes.All,
    };
}

/// <summary>Lets the configuration binder read <c>"ApiKeys": ["k"]</c> (its pre-names shape) as well as objects.</summary>
public sealed class PlainApiKeyConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) => sourceType == typeof(string);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string key ? ApiKeyOptions.FromPlainKey(key) : base.ConvertFrom(context, culture, value);
}

/// <summary>An admin token (<c>RealName:AdminTokens:n</c>): <c>{name, token}</c>; the name is recorded on every operator decision.</summary>
public sealed class AdminTokenOptions
{
    public string Name { get; set; } = "";
    public string Token { get; set; } = "";
}

/// <summary>The node's effective frontend keys and admin tokens, and the checks every profile applies to them at start.</summary>
public static class Credentials
{
    /// <summary>The name of the sandbox key and of the sandbox admin token, when nothing else is configured.</summary>
    public const string SandboxName = "sandbox";

    /// <summary>The name the single <c>RealName:AdminToken</c> option's token carries.</summary>
    public const string AdminTokenName = "admin";

    /// <summary>Names the service gives to callers without a key; a key or token may not take one.</summary>
    private static readonly string[] Reserved = [Callers.App, Callers.FaceProvider, Callers.Page, Callers.System];

    /// <summary>The configured keys; none: the sandbox key with every scope.</summary>
    public static IReadOnlyList<ApiKeyOptions> ApiKeys(RealNameOptions options) =>
        options.ApiKeys is { Length: > 0 } keys ? keys : [ApiKeyOptions.FromPlainKey(SandboxCredentials.ApiKey)];

    /// <summary>
    /// <c>AdminTokens</c> plus the single <c>AdminToken</c> (named <c>admin</c>); neither configured: the
    /// sandbox token. An empty <c>AdminToken</c> adds nothing, so <c>AdminToken=</c> alone refuses everyone.
    /// </summary>
    public static IReadOnlyList<AdminTokenOptions> AdminTokens(RealNameOptions options)
    {
        if (options.AdminTokens.Length == 0 && options.AdminToken is null)
            return [new AdminTokenOptions { Name = SandboxName, Token = SandboxCredentials.AdminToken }];
        return options.AdminToken is { Length: > 0 } single
            ? [.. options.AdminTokens, new AdminTokenOptions { Name = AdminTokenName, Token = single }]
            : options.AdminTokens;
    }

    /// <summary>Refuses to start, with one line naming the setting, on a key or token without a name, a secret or (keys) a known scope.</summary>
    public static void Check(RealNameOptions options)
    {
        var problems = new List<string>();
        var keys = ApiKeys(options);
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var at = $"RealName:ApiKeys:{i}";
            CheckName(problems, at, key.Name);
            if (string.IsNullOrEmpty(key.Key))
                problems.Add($"{at}:Key is empty");
            if (key.Scopes.Length == 0)
                problems.Add($"{at}:Scopes lists none of {string.Join(", ", ApiScopes.All)}");
            problems.AddRange(key.Scopes.Where(s => !ApiScopes.All.Contains(s)).Select(s => $"{at}:Scopes has unknown scope '{s}' (known: {string.Join(", ", ApiScopes.All)})"));
        }
        for (var i = 0; i < options.AdminTokens.Length; i++)
        {
            var at = $"RealName:AdminTokens:{i}";
            CheckName(problems, at, options.AdminTokens[i].Name);
            if (string.IsNullOrEmpty(options.AdminTokens[i].Token))
                problems.Add($"{at}:Token is empty");
        }
        var tokens = AdminTokens(options);
        AddDuplicates(problems, "RealName:ApiKeys names", keys.Select(k => k.Name), StringComparer.OrdinalIgnoreCase);
        AddDuplicates(problems, "RealName:ApiKeys keys", keys.Select(k => k.Key).Where(k => k.Length > 0), StringComparer.Ordinal, showValues: false);
        AddDuplicates(problems, "RealName:AdminTokens names", tokens.Select(t => t.Name), StringComparer.OrdinalIgnoreCase);
        AddDuplicates(problems, "RealName:AdminTokens tokens", tokens.Select(t => t.Token).Where(t => t.Length > 0), StringComparer.Ordinal, showValues: false);
        if (problems.Count > 0)
            throw new InvalidOperationException("Refusing to start: " + string.Join("; ", problems) + ".");
    }

    private static void CheckName(List<string> problems, string at, string name)
    {
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            problems.Add($"{at}:Name must be 1–64 letters, digits, '-', '_' or '.'");
        else if (Reserved.Contains(name, StringComparer.OrdinalIgnoreCase))
            problems.Add($"{at}:Name '{name}' is reserved (the history uses it for {string.Join(", ", Reserved)})");
    }

    private static void AddDuplicates(List<string> problems, string what, IEnumerable<string> values, StringComparer comparer, bool showValues = true)
    {
        var repeated = values.GroupBy(v => v, comparer).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            problems.Add(showValues ? $"{what} repeat: {string.Join(", ", repeated)}" : $"{what} repeat ({repeated.Count})");
    }
}
