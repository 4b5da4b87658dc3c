using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// A cold chain pays one connection set-up per endpoint, not one per request: against an endpoint
/// that keeps connections open as STS does (a keep-alive <see cref="RecordingProxy"/> in front of
/// moto, which itself closes after every answer), every request of the chain goes over the first
/// connection. Over TLS each new connection would cost a handshake's round trip more.
/// </summary>
[Collection("moto")]
public sealed class ConnectionReuseSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_cold_chain_over_TLS_makes_all_its_requests_on_one_connection()
    {
        // Arrange
        using var certificates = new TestCertificates();
        await using var https = RecordingProxy.StartKeepAlive(Moto.Endpoint, certificates.Server(["127.0.0.1"]));
        Env.With("AWS_ENDPOINT_URL_STS", https.Endpoint).With("AWS_CA_BUNDLE", certificates.WriteBundle(Path.Combine(Env.Directory, "ca.pem")));

        // Act
        var result = await Tool.RunAsync(Env, null, Patience, "--no-cache", "ec2-worker", BackupRole, "backup2");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["GetCallerIdentity", "AssumeRole", "AssumeRole", "AssumeRole"], https.Requests.Select(r => r.Action));
        Assert.Equal(1, https.AcceptedConnections);
    }

    [Fact]
    public async Task A_cold_chain_over_plain_HTTP_makes_all_its_requests_on_one_connection()
    {
        // Arrange
        await using var http = RecordingProxy.StartKeepAlive(Moto.Endpoint);
        Env.With("AWS_ENDPOINT_URL_STS", http.Endpoint);

        // Act
        var result = await Tool.RunAsync(Env, null, Patience, "--no-cache", "ec2-worker", BackupRole);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, http.Requests.Count);
        Assert.Equal(1, http.AcceptedConnections);
    }

    [Fact]
    public async Task A_proxy_that_closes_after_every_answer_gets_one_connection_per_request()
    {
        // Arrange: the same proxy without keep-alive, so the count above is the client's doing
        await using var http = RecordingProxy.Start(Moto.Endpoint);
        Env.With("AWS_ENDPOINT_URL_STS", http.Endpoint);

        // Act
        var result = await Tool.RunAsync(Env, null, Patience, "--no-cache", "ec2-worker", BackupRole);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, http.AcceptedConnections);
    }
}
