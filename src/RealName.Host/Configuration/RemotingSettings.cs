namespace RealName.Host.Configuration;

/// <summary>The <c>RealName:Remoting</c> section: how nodes authenticate each other.</summary>
public sealed class RemotingSettings
{
    public RemotingTlsSettings Tls { get; set; } = new();
}

/// <summary>
/// <c>RealName:Remoting:Tls</c>: mutual TLS on Akka remoting. Every node presents its own
/// certificate and accepts a peer (inbound and outbound) only if the peer's certificate chains to
/// <see cref="CaCertificatePath"/> and, when given, is one of <see cref="AllowedThumbprints"/>.
/// </summary>
public sealed class RemotingTlsSettings
{
    /// <summary>Off by default (one node on loopback); the production profile refuses seed nodes without it.</summary>
    public bool Enabled { get; set; }

    /// <summary>This node's certificate with its private key: a PKCS#12 file (<c>.pfx</c>/<c>.p12</c>) or a PEM certificate (then <see cref="KeyPath"/>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="CertificatePath"/>; unset: the key is in the same PEM file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of the PKCS#12 file (prefer <see cref="PasswordFile"/>: command lines show in <c>ps</c>).</summary>
    public string? Password { get; set; }

    /// <summary>A file holding the PKCS#12 password (trailing newline ignored).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The cluster's CA certificate (PEM or DER): the only root a peer's certificate may chain to.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>SHA-1 thumbprints (hex) of the node certificates allowed to connect; with a CA, both must hold.</summary>
    public string[] AllowedThumbprints { get; set; } = [];
}
