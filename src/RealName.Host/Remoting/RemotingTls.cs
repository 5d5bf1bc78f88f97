using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Akka.Event;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using RealName.Host.Configuration;

namespace RealName.Host.Remoting;

/// <summary>
/// Mutual TLS on Akka remoting with Akka.Remote's own DotNetty TLS (<see cref="DotNettySslSetup"/>
/// through Akka.Remote.Hosting's <see cref="SslOptions"/>): every connection, inbound and outbound,
/// presents this node's certificate and demands the peer's, and <see cref="IsTrustedPeer"/> accepts
/// the peer only if its certificate chains to the cluster's CA (and no other root) and, when
/// thumbprints are configured, is one of them. A node with a certificate from another CA, or
/// speaking plain TCP, fails the handshake and never delivers a message.
/// </summary>
public static class RemotingTls
{
    /// <summary>The address scheme of a TLS node (<c>akka.ssl.tcp://…</c>); a plain node is <c>akka.tcp://…</c>.</summary>
    public const string TlsScheme = "akka.ssl.tcp://";
    public const string PlainScheme = "akka.tcp://";

    /// <summary>Remoting options for this node: plain TCP when TLS is off, otherwise mutual TLS pinned to the configured CA / thumbprints.</summary>
    public static RemoteOptions RemoteOptions(RealNameOptions options)
    {
        var remote = new RemoteOptions { HostName = options.RemotingHost, Port = options.RemotingPort, PublicHostName = options.RemotingPublicHost };
        var tls = options.Remoting.Tls;
        CheckSeedSchemes(options);
        if (!tls.Enabled)
            return remote;
        var certificate = LoadCertificate(tls);
        var ca = tls.CaCertificatePath is { Length: > 0 } caPath ? LoadCa(caPath) : null;
        var thumbprints = tls.AllowedThumbprints.Where(t => !string.IsNullOrWhiteSpace(t))
            .Select(t => t.Replace(":", "", StringComparison.Ordinal).Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        if (ca is null && thumbprints.Count == 0)
            throw new InvalidOperationException("RealName:Remoting:Tls needs CaCertificatePath or AllowedThumbprints: without either, any certificate would be accepted.");
        remote.EnableSsl = true;
        remote.Ssl = new SslOptions
        {
            X509Certificate = certificate,
            SuppressValidation = false,
            RequireMutualAuthentication = true,
            // Identity is "signed by the cluster CA", not a DNS name: containers reach each other by service names.
            ValidateCertificateHostname = false,
            CustomValidator = (peer, chain, _, _, log) =>
            {
                if (IsTrustedPeer(peer, chain, ca, thumbprints))
                    return true;
                log.Warning("Remoting TLS: refused peer certificate {0} (issuer {1}, thumbprint {2}): not from the cluster CA or not an allowed thumbprint",
                    peer?.Subject ?? "(none)", peer?.Issuer ?? "(none)", peer?.Thumbprint ?? "(none)");
                return false;
            },
        };
        return remote;
    }

    /// <summary>
    /// The peer's certificate chains to <paramref name="ca"/> alone (the system's roots are not
    /// consulted) and is within its validity, and it is in <paramref name="thumbprints"/> when that is not empty.
    /// </summary>
    public static bool IsTrustedPeer(X509Certificate2? peer, X509Chain? presented, X509Certificate2? ca, IReadOnlySet<string> thumbprints)
    {
        if (peer is null)
            return false;
        if (thumbprints.Count > 0 && !thumbprints.Contains(peer.Thumbprint.ToUpperInvariant()))
            return false;
        if (ca is null)
            return true;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                if (!element.Certificate.RawDataMemory.Span.SequenceEqual(peer.RawDataMemory.Span))
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        return chain.Build(peer)
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }

    /// <summary>A TLS node speaks only <c>akka.ssl.tcp</c> and a plain node only <c>akka.tcp</c>: a seed of the other scheme could never be reached.</summary>
    private static void CheckSeedSchemes(RealNameOptions options)
    {
        var expected = options.Remoting.Tls.Enabled ? TlsScheme : PlainScheme;
        for (var i = 0; i < options.SeedNodes.Length; i++)
        {
            if (!options.SeedNodes[i].StartsWith(expected, StringComparison.Ordinal))
                throw new InvalidOperationException(
                    $"RealName:SeedNodes:{i} must start with {expected} when RealName:Remoting:Tls:Enabled is {options.Remoting.Tls.Enabled.ToString().ToLowerInvariant()}.");
        }
    }

    private static X509Certificate2 LoadCertificate(RemotingTlsSettings tls)
    {
        if (tls.CertificatePath is not { Length: > 0 } path)
            throw new InvalidOperationException("RealName:Remoting:Tls:CertificatePath must be set when RealName:Remoting:Tls:Enabled is true.");
        if (!File.Exists(path))
            throw new InvalidOperationException($"RealName:Remoting:Tls:CertificatePath: {path} does not exist.");
        X509Certificate2 certificate;
        try
        {
            certificate = IsPem(path)
                ? FromPem(path, tls.KeyPath)
                : X509CertificateLoader.LoadPkcs12FromFile(path, Password(tls), X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"RealName:Remoting:Tls:CertificatePath: {path} cannot be read (wrong password or format): {ex.Message}");
        }
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"RealName:Remoting:Tls:CertificatePath: {path} has no private key.");
        return certificate;
    }

    private static X509Certificate2 FromPem(string certPath, string? keyPath)
    {
        using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
        // TLS wants a key it can hand to the platform: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.EphemeralKeySet);
    }

    private static X509Certificate2 LoadCa(string path)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"RealName:Remoting:Tls:CaCertificatePath: {path} does not exist.");
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"RealName:Remoting:Tls:CaCertificatePath: {path} is not a certificate: {ex.Message}");
        }
    }

    private static string? Password(RemotingTlsSettings tls)
    {
        if (tls.PasswordFile is not { Length: > 0 } file)
            return tls.Password;
        if (!File.Exists(file))
            throw new InvalidOperationException($"RealName:Remoting:Tls:PasswordFile: {file} does not exist.");
        return File.ReadAllText(file).TrimEnd('\r', '\n');
    }

    private static bool IsPem(string path) =>
        path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase);
}
