using System.Text.Json;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// TLS to STS: certificates refused are said in words (which host, what was wrong), and a CA bundle
/// (AWS_CA_BUNDLE, a profile's ca_bundle) is the only trust, as in the AWS CLI. A throw-away
/// authority signs the certificates; the HTTPS endpoint in front of moto is a TLS
/// <see cref="RecordingProxy"/>.
/// </summary>
[Collection("moto")]
public sealed class TlsSpecs(MotoFixture moto) : MotoSpecs(moto), IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TestCertificates certificates = new();

    private string Bundle => certificates.WriteBundle(Path.Combine(Env.Directory, "ca.pem"));

    [Fact]
    public async Task AWS_CA_BUNDLE_is_the_trust_for_an_https_endpoint()
    {
        await using var https = RecordingProxy.Start(Moto.Endpoint, certificates.Server(["127.0.0.1"]));
        Env.With("AWS_ENDPOINT_URL_STS", https.Endpoint).With("AWS_CA_BUNDLE", Bundle);

        var result = await Tool.RunAsync(Env, null, Patience, "whoami", "ec2-worker");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("INFO: Switched to role arn:aws:iam::123456789012:role/ec2-worker", result.Stderr.Split('\n')[0]);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/ec2-worker/moto", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("Arn").GetString());
        Assert.Equal(["GetCallerIdentity", "AssumeRole", "GetCallerIdentity"], https.Requests.Select(r => r.Action));
    }

    [Fact]
    public async Task A_profiles_ca_bundle_is_the_trust_too()
    {
        await using var https = RecordingProxy.Start(Moto.Endpoint, certificates.Server(["localhost"]));
        Env.WithConfig($"[default]\nca_bundle = {Bundle}\nendpoint_url = https://localhost:{https.Port}\n");
        Env.Variables.Remove("AWS_ENDPOINT_URL_STS");

        var result = await Tool.RunAsync(Env, null, Patience, "whoami");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal("arn:aws:sts::123456789012:user/moto", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task AWS_CA_BUNDLE_wins_over_the_profiles_ca_bundle()
    {
        await using var https = RecordingProxy.Start(Moto.Endpoint, certificates.Server(["127.0.0.1"]));
        var missing = Path.Combine(Env.Directory, "no-such-bundle.pem");
        Env.WithConfig($"[default]\nca_bundle = {missing}\n").With("AWS_ENDPOINT_URL_STS", https.Endpoint).With("AWS_CA_BUNDLE", Bundle);

        var result = await Tool.RunAsync(Env, null, Patience, "whoami");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Without_the_bundle_a_private_authority_is_not_trusted()
    {
        await using var https = RecordingProxy.Start(Moto.Endpoint, certificates.Server(["127.0.0.1"]));
        Env.With("AWS_ENDPOINT_URL_STS", https.Endpoint);

        var result = await Tool.RunAsync(Env, null, Patience, "whoami");

        AssertFailure(result, 1, "aws-assume-role: error: GetCallerIdentity with the source credentials: TlsCertificateRejected: the TLS certificate presented by 127.0.0.1 is not signed by a certificate authority this system trusts");
        Assert.Contains("hint: check the endpoint's host name (--endpoint-url, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's endpoint_url); where a proxy inspects TLS, give its CA certificate with AWS_CA_BUNDLE or the profile's ca_bundle", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(https.Requests);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_naming_the_host()
    {
        await using var https = RecordingProxy.Start(Moto.Endpoint, certificates.Server(["sts.example.test"]));
        Env.With("AWS_ENDPOINT_URL_STS", https.Endpoint).With("AWS_CA_BUNDLE", Bundle);

        var result = await Tool.RunAsync(Env, null, Patience, "whoami");

        AssertFailure(result, 1, "aws-assume-role: error: GetCallerIdentity with the source credentials: TlsCertificateRejected: the TLS certificate presented by 127.0.0.1 does not match the name 127.0.0.1");
        Assert.Empty(https.Requests);
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_as_expired()
    {
        await using var https = RecordingProxy.Start(Moto.Endpoint, certificates.Server(["127.0.0.1"], TimeSpan.FromDays(1), DateTimeOffset.UtcNow.AddDays(-3)));
        Env.With("AWS_ENDPOINT_URL_STS", https.Endpoint).With("AWS_CA_BUNDLE", Bundle);

        var result = await Tool.RunAsync(Env, null, Patience, "whoami");

        AssertFailure(result, 1, "aws-assume-role: error: GetCallerIdentity with the source credentials: TlsCertificateRejected: the TLS certificate presented by 127.0.0.1 has expired or is not valid yet");
    }

    [Fact]
    public async Task A_CA_bundle_that_does_not_exist_is_bad_input_before_any_call()
    {
        var missing = Path.Combine(Env.Directory, "missing.pem");
        Env.With("AWS_CA_BUNDLE", missing);

        var result = await Tool.RunAsync(Env, null, Patience, "whoami");

        AssertFailure(result, 2, $"aws-assume-role: error: cannot read the CA bundle {missing} (from AWS_CA_BUNDLE): no such file");
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task A_CA_bundle_without_a_certificate_is_bad_input_before_any_call()
    {
        var empty = Path.Combine(Env.Directory, "empty.pem");
        await File.WriteAllTextAsync(empty, "# nothing here\n");
        Env.WithConfig($"[default]\nca_bundle = {empty}\n");

        var result = await Tool.RunAsync(Env, null, Patience, "whoami");

        AssertFailure(result, 2, $"aws-assume-role: error: cannot use the CA bundle {empty} (from the profile's ca_bundle): it holds no certificate (expected PEM blocks: -----BEGIN CERTIFICATE-----)");
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    public new void Dispose()
    {
        certificates.Dispose();
        base.Dispose();
    }

    private static void AssertFailure(ProcessResult result, int exitCode, string firstLine)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(firstLine, result.Stderr.Split('\n')[0]);
    }
}
