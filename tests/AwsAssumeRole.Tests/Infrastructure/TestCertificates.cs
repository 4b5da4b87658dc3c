using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// A throw-away certificate authority made for one test, and server certificates it signs, so TLS
/// can be checked against loopback servers: a name that matches or not, a CA the system does not
/// know (given with AWS_CA_BUNDLE), an expired certificate.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 authority;

    public TestCertificates(string name = "aws-assume-role test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>The authority's certificate as PEM, what a CA bundle file holds.</summary>
    public string AuthorityPem => authority.ExportCertificatePem() + "\n";

    /// <summary>Writes the authority's certificate to <paramref name="path"/> and returns the path.</summary>
    public string WriteBundle(string path)
    {
        File.WriteAllText(path, AuthorityPem);
        return path;
    }

    /// <summary>A server certificate for these DNS names and IP addresses, signed by the authority.</summary>
    public X509Certificate2 Server(IEnumerable<string> names, TimeSpan? validFor = null, DateTimeOffset? from = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + names.First(), key, HashAlgorithmName.SHA256);
        var alternatives = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var address))
            {
                alternatives.AddIpAddress(address);
            }
            else
            {
                alternatives.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternatives.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var notBefore = from ?? DateTimeOffset.UtcNow.AddHours(-1);
        var serial = RandomNumberGenerator.GetBytes(12);
        using var signed = request.Create(authority, notBefore, notBefore + (validFor ?? TimeSpan.FromDays(7)), serial);
        using var withKey = signed.CopyWithPrivateKey(key);

        // Through PKCS#12, so TLS on every platform can use the private key.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose() => authority.Dispose();
}
