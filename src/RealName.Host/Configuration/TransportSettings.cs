namespace RealName.Host.Configuration;

/// <summary>
/// The certificate of the HTTPS listeners (<c>RealName:Https</c>): used when <c>PublicUrl</c> or
/// <c>AdminUrl</c> is <c>https://</c>.
/// </summary>
public sealed class HttpsSettings
{
    /// <summary>A PEM certificate (with <see cref="KeyPath"/>) or a PFX/PKCS#12 file (<c>.pfx</c>, <c>.p12</c>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>; unset: the key is in the certificate file.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PFX password, or the password of an encrypted PEM key.</summary>
    public string? Password { get; set; }
}
