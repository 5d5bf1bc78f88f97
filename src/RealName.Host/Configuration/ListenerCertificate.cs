using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RealName.Host.Configuration;

/// <summary>Loads the certificate of the <c>https://</c> listeners from <c>RealName:Https</c>, at start.</summary>
public static class ListenerCertificate
{
    /// <summary>
    /// The certificate when <c>PublicUrl</c> or <c>AdminUrl</c> is <c>https://</c>, else null.
    /// PFX/PKCS#12 by extension (<c>.pfx</c>, <c>.p12</c>), PEM otherwise (key in <c>KeyPath</c> or in the same file).
    /// </summary>
    /// <exception cref="StartRefusedException">An https URL without a certificate, or a certificate that cannot be loaded.</exception>
    public static X509Certificate2? Load(RealNameOptions options, string adminUrl)
    {
        var https = options.Https;
        if (!IsHttps(options.PublicUrl) && !IsHttps(adminUrl))
            return null;
        if (string.IsNullOrWhiteSpace(https.CertificatePath))
            throw new StartRefusedException("RealName:PublicUrl or RealName:AdminUrl is https:// but RealName:Https:CertificatePath is not set.");
        try
        {
            var extension = Path.GetExtension(https.CertificatePath).ToLowerInvariant();
            if (extension is ".pfx" or ".p12")
                return X509CertificateLoader.LoadPkcs12FromFile(https.CertificatePath, https.Password);
            var keyPath = string.IsNullOrWhiteSpace(https.KeyPath) ? null : https.KeyPath;
            return string.IsNullOrEmpty(https.Password)
                ? X509Certificate2.CreateFromPemFile(https.CertificatePath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(https.CertificatePath, https.Password, keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new StartRefusedException($"RealName:Https:CertificatePath (or KeyPath, Password) cannot be loaded ({e.GetType().Name}).");
        }
    }

    public static bool IsHttps(string url) => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
}
