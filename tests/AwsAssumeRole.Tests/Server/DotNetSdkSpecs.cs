using System.Runtime.Versioning;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Server;

/// <summary>
/// The AWS SDK for .NET's container provider reads its URL and token from the process environment
/// only: these specs set them in this test process, so they run alone (no other test runs meanwhile)
/// with a moto of their own.
/// </summary>
[CollectionDefinition("process environment", DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
}

[Collection("process environment")]
[Trait("Layer", "Integration")]
[UnsupportedOSPlatform("windows")]
public sealed class DotNetSdkSpecs : IAsyncLifetime, IDisposable
{
    private readonly TestEnvironment env = new();
    private MotoServer moto = null!;

    public async Task InitializeAsync()
    {
        moto = await MotoServer.StartAsync();
        env.WithSourceKeys().With("AWS_ENDPOINT_URL_STS", moto.Endpoint);
    }

    public async Task DisposeAsync() => await moto.DisposeAsync();

    public void Dispose() => env.Dispose();

    [Fact]
    public async Task The_AWS_SDK_for_NET_GenericContainerCredentials_reads_the_endpoint_and_lands_on_the_final_role()
    {
        // Arrange
        using var served = await ServedEndpoint.StartAsync(env, "-q", "ec2-worker", ServeSpecs.Backup);
        Environment.SetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI", served.Uri.ToString());
        Environment.SetEnvironmentVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN", served.Token);
        try
        {
            // Act
            var provider = new GenericContainerCredentials();
            var credentials = await provider.GetCredentialsAsync();
            using var client = new AmazonSecurityTokenServiceClient(provider, new AmazonSecurityTokenServiceConfig { ServiceURL = moto.Endpoint, AuthenticationRegion = "us-east-1" });
            var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

            // Assert
            Assert.StartsWith("ASIA", credentials.AccessKey, StringComparison.Ordinal);
            Assert.StartsWith(ServeSpecs.FinalArnPrefix, identity.Arn, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI", null);
            Environment.SetEnvironmentVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN", null);
        }
    }
}
