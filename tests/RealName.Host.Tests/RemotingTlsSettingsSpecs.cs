using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RealName.Host.Configuration;
using RealName.Host.Remoting;

namespace RealName.Host.Tests;

/// <summary>Issue 14, item 3: the remoting TLS options are refused when unsafe, and the peer check pins the cluster's CA.</summary>
public sealed class RemotingTlsSettingsSpecs
{
    [Fact]
    public void Should_refuse_production_with_seed_nodes_and_without_remoting_tls()
    {
        var options = new RealNameOptions { Profile = "production", SeedNodes = ["akka.tcp://realname@10.0.0.1:4053"] };

        var ex = Assert.Throws<StartRefusedException>(() => ProductionGuard.Check(options));

        Assert.Contains("RealName:Remoting:Tls:Enabled", ex.Message);
        Assert.Null(RemotingTlsRule.Problem(new RealNameOptions { SeedNodes = options.SeedNodes, Remoting = { Tls = { Enabled = true } } }));
        Assert.Null(RemotingTlsRule.Problem(new RealNameOptions()));
    }

    [Fact]
    public void Should_refuse_tls_without_a_certificate_or_a_ca_and_plain_seed_addresses_with_tls()
    {
        var noCertificate = Assert.Throws<InvalidOperationException>(() => RemotingTls.RemoteOptions(new RealNameOptions { Remoting = { Tls = { Enabled = true } } }));
        Assert.Contains("RealName:Remoting:Tls:CertificatePath", noCertificate.Message);
        var plainSeed = Assert.Throws<InvalidOperationException>(() => RemotingTls.RemoteOptions(new RealNameOptions
        {
            SeedNodes = ["akka.tcp://realname@127.0.0.1:4053"],
            Remoting = { Tls = { Enabled = true } },
        }));
        Assert.Contains("RealName:SeedNodes:0 must start with akka.ssl.tcp://", plainSeed.Message);
    }

    [Fact]
    public void Should_trust_only_certificates_of_the_cluster_ca_and_of_the_allowed_thumbprints()
    {
        using var ca = Ca("cluster CA");
        using var otherCa = Ca("other CA");
        using var node = Issue(ca, "node-a");
        using var foreign = Issue(otherCa, "node-a");
        using var selfSigned = Ca("node-a");
        var none = new HashSet<string>();

        Assert.True(RemotingTls.IsTrustedPeer(node, null, ca, none));
        Assert.False(RemotingTls.IsTrustedPeer(foreign, null, ca, none));
        Assert.False(RemotingTls.IsTrustedPeer(selfSigned, null, ca, none));
        Assert.False(RemotingTls.IsTrustedPeer(null, null, ca, none));
        Assert.True(RemotingTls.IsTrustedPeer(node, null, ca, new HashSet<string> { node.Thumbprint }));
        Assert.False(RemotingTls.IsTrustedPeer(node, null, ca, new HashSet<string> { foreign.Thumbprint }));
        Assert.True(RemotingTls.IsTrustedPeer(foreign, null, null, new HashSet<string> { foreign.Thumbprint }));
    }

    private static X509Certificate2 Ca(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        return request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), RandomNumberGenerator.GetBytes(8));
    }
}
