using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Sts;

public sealed class CaBundlesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("aar-ca-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Load_reads_every_certificate_of_a_PEM_bundle()
    {
        // Arrange
        var path = Path.Combine(folder, "ca.pem");
        File.WriteAllText(path, "# two authorities\n" + Authority("one") + Authority("two"));

        // Act
        var certificates = CaBundles.Load(path, "AWS_CA_BUNDLE");

        // Assert
        Assert.Equal(["CN=one", "CN=two"], certificates.Select(c => c.Subject));
    }

    [Theory]
    [InlineData("", "cannot use the CA bundle {0} (from AWS_CA_BUNDLE): it holds no certificate (expected PEM blocks: -----BEGIN CERTIFICATE-----)")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n", "cannot use the CA bundle {0} (from AWS_CA_BUNDLE): a certificate in it is not valid PEM")]
    public void Load_refuses_a_bundle_without_a_usable_certificate(string content, string message)
    {
        // Arrange
        var path = Path.Combine(folder, "bad.pem");
        File.WriteAllText(path, content);

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => CaBundles.Load(path, "AWS_CA_BUNDLE"));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, path), error.Message);
    }

    [Fact]
    public void Load_names_a_missing_bundle_and_where_it_came_from()
    {
        // Arrange
        var path = Path.Combine(folder, "missing.pem");

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => CaBundles.Load(path, "the profile's ca_bundle"));

        // Assert
        Assert.Equal($"cannot read the CA bundle {path} (from the profile's ca_bundle): no such file", error.Message);
    }

    private static string Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem() + "\n";
    }
}
