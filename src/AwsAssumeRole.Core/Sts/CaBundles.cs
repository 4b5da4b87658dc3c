using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// A CA bundle (<c>AWS_CA_BUNDLE</c>, a profile's <c>ca_bundle</c>): a PEM file of the certificate
/// authorities to trust for STS instead of the system's, as the AWS CLI uses it (behind a proxy
/// that inspects TLS, for a private endpoint).
/// </summary>
public static class CaBundles
{
    /// <summary>The certificates in the bundle at <paramref name="path"/>; bad input (exit 2) when there are none or it cannot be read.</summary>
    public static X509Certificate2Collection Load(string path, string source)
    {
        ArgumentNullException.ThrowIfNull(path);
        var shown = $"the CA bundle {PrintableText.Escape(path)} (from {source})";
        string pem;
        try
        {
            pem = BoundedFile.ReadAllText(path, StsTransportOptions.MaxCaBundleBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AssumeRoleException.BadInput($"cannot read {shown}: {SystemErrors.Describe(e)}");
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw AssumeRoleException.BadInput($"cannot use {shown}: a certificate in it is not valid PEM");
        }

        return certificates.Count > 0
            ? certificates
            : throw AssumeRoleException.BadInput($"cannot use {shown}: it holds no certificate (expected PEM blocks: -----BEGIN CERTIFICATE-----)");
    }
}
