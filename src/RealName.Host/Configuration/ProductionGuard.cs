using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using RealName.Host.Admin;

namespace RealName.Host.Configuration;

/// <summary>
/// The production profile refuses, at start, every set-up under which a verdict could be forged or
/// personal data read: sandbox credentials or providers, short, empty or shared secrets, weak keys,
/// and listeners beyond loopback without TLS. Each refusal is one line naming the setting, never its value.
/// </summary>
/// <remarks>
/// Each check is a named <see cref="Rule"/> in <see cref="Rules"/>; a new check is one more entry
/// (remoting mutual TLS adds "multi-node without remoting TLS" there).
/// </remarks>
public static class ProductionGuard
{
    /// <summary>Shortest secret (API key, app and face secrets, admin token) the production profile accepts.</summary>
    public const int MinSecretLength = 32;

    /// <summary>Bytes of <c>EncryptionKey</c> (exactly) and <c>IdKeySecret</c> (at least).</summary>
    public const int KeyBytes = 32;

    /// <summary>One production check: its name, and the refused settings it finds (one sentence each).</summary>
    public sealed record Rule(string Name, Func<RealNameOptions, IEnumerable<string>> Problems);

    public static readonly IReadOnlyList<Rule> Rules =
    [
        new("no sandbox credentials", SandboxCredentialsProblems),
        new("real providers", o => o.Providers.IsHttp ? [] : ["RealName:Providers:Mode must be http: the sandbox providers pass any valid identity."]),
        new("secrets of at least 32 characters", SecretLengthProblems),
        new("keys of 32 random bytes", KeyProblems),
        new("every secret different", SharedSecretProblems),
        new("admin listener on loopback or HTTPS", AdminListenerProblems),
        new("remoting on loopback or TLS", RemotingProblems),
        new("a multi-node cluster over mutual TLS", o => Remoting.RemotingTlsRule.Problem(o) is { } problem ? [problem] : []),
    ];

    /// <exception cref="StartRefusedException">The production profile with any refused setting.</exception>
    public static void Check(RealNameOptions options)
    {
        if (!options.IsProduction)
            return;
        var problems = Rules.SelectMany(rule => rule.Problems(options)).ToList();
        if (problems.Count > 0)
            throw new StartRefusedException(problems);
    }

    /// <summary>Whether <paramref name="host"/> (a URL's host) is <c>localhost</c> or a loopback address.</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private static IEnumerable<string> SandboxCredentialsProblems(RealNameOptions o)
    {
        if (o.ApiKeys.Any(k => k.Key == SandboxCredentials.ApiKey))
            yield return "RealName:ApiKeys contains the sandbox key.";
        if (o.AppSecret == SandboxCredentials.AppSecret)
            yield return "RealName:AppSecret is the sandbox secret.";
        if (o.FaceSecret == SandboxCredentials.FaceSecret)
            yield return "RealName:FaceSecret is the sandbox secret.";
        if (Credentials.AdminTokens(o).Any(t => t.Token == SandboxCredentials.AdminToken))
            yield return "RealName:AdminToken is the sandbox token.";
    }

    private static IEnumerable<string> SecretLengthProblems(RealNameOptions o)
    {
        if (o.ApiKeys.Length == 0)
            yield return "RealName:ApiKeys must list at least one key.";
        foreach (var (name, value) in Secrets(o).Where(s => s.Name is not (nameof(o.EncryptionKey) or nameof(o.IdKeySecret))))
        {
            if (string.IsNullOrEmpty(value))
                yield return $"RealName:{name} is empty.";
            else if (value.Length < MinSecretLength)
                yield return $"RealName:{name} is shorter than {MinSecretLength} characters.";
        }
    }

    private static IEnumerable<string> KeyProblems(RealNameOptions o)
    {
        if (KeyProblem(nameof(o.EncryptionKey), o.EncryptionKey, exact: true) is { } enc)
            yield return enc;
        if (KeyProblem(nameof(o.IdKeySecret), o.IdKeySecret, exact: false) is { } idk)
            yield return idk;
    }

    private static string? KeyProblem(string name, string? base64, bool exact)
    {
        if (string.IsNullOrEmpty(base64))
            return $"RealName:{name} must be configured (base64 of {KeyBytes} random bytes); the production profile never uses a generated dev key.";
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            return $"RealName:{name} is not valid base64.";
        }
        if (exact ? key.Length != KeyBytes : key.Length < KeyBytes)
            return $"RealName:{name} must be base64 of {(exact ? "" : "at least ")}{KeyBytes} bytes (it decodes to {key.Length}).";
        if (key.All(b => b == key[0]))
            return $"RealName:{name} is one byte repeated; generate it with: head -c{KeyBytes} /dev/urandom | base64";
        return null;
    }

    private static IEnumerable<string> SharedSecretProblems(RealNameOptions o)
    {
        var secrets = Secrets(o).Where(s => !string.IsNullOrEmpty(s.Value)).ToList();
        for (var i = 0; i < secrets.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (string.Equals(secrets[i].Value, secrets[j].Value, StringComparison.Ordinal))
                    yield return $"RealName:{secrets[i].Name} equals RealName:{secrets[j].Name}; every secret must be different.";
            }
        }
    }

    private static IEnumerable<string> AdminListenerProblems(RealNameOptions o)
    {
        BindingAddress admin;
        try
        {
            admin = BindingAddress.Parse(NodeListeners.AdminUrlFor(o));
        }
        catch (FormatException)
        {
            yield break; // the listener refuses a malformed URL itself, naming it
        }
        if (!IsLoopback(admin.Host) && admin.Scheme != "https")
            yield return $"RealName:AdminUrl binds beyond loopback ({admin.Host}) without https; use https:// with RealName:Https:CertificatePath, or a loopback address.";
    }

    private static IEnumerable<string> RemotingProblems(RealNameOptions o)
    {
        if (!IsLoopback(o.RemotingHost) && !o.Remoting.Tls.Enabled)
            yield return $"RealName:RemotingHost beyond loopback ({o.RemotingHost}) requires RealName:Remoting:Tls (RealName:Remoting:Tls:Enabled=true).";
    }

    /// <summary>Every secret option with its setting name (API keys as <c>ApiKeys:i</c>).</summary>
    private static IEnumerable<(string Name, string? Value)> Secrets(RealNameOptions o)
    {
        for (var i = 0; i < o.ApiKeys.Length; i++)
            yield return ($"{nameof(o.ApiKeys)}:{i}", o.ApiKeys[i].Key);
        for (var i = 0; i < o.AdminTokens.Length; i++)
            yield return ($"{nameof(o.AdminTokens)}:{i}", o.AdminTokens[i].Token);
        yield return (nameof(o.AppSecret), o.AppSecret);
        yield return (nameof(o.FaceSecret), o.FaceSecret);
        yield return (nameof(o.AdminToken), o.AdminToken);
        yield return (nameof(o.EncryptionKey), o.EncryptionKey);
        yield return (nameof(o.IdKeySecret), o.IdKeySecret);
    }
}
