using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RealName.Host.Tests.Infrastructure;

/// <summary>A self-signed server certificate for 127.0.0.1, made in the test and written as PEM (certificate, key) and PFX.</summary>
public sealed class TestCertificate : IDisposable
{
    public const string PfxPassword = "test-pfx-password";

    public TestCertificate(string folder)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CertificatePath = Path.Combine(folder, "node.crt");
        KeyPath = Path.Combine(folder, "node.key");
        PfxPath = Path.Combine(folder, "node.pfx");
        File.WriteAllText(CertificatePath, Certificate.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllBytes(PfxPath, Certificate.Export(X509ContentType.Pkcs12, PfxPassword));
    }

    public X509Certificate2 Certificate { get; }
    public string CertificatePath { get; }
    public string KeyPath { get; }
    public string PfxPath { get; }

    public void Dispose() => Certificate.Dispose();
}
