using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Sources;

/// <summary>
/// The one place where source resolution hands work to the AWS SDK's credential providers, for the
/// sources that must call something (<c>credential_process</c> is run by <see cref="CredentialProcess"/>). The choice of source is never the SDK's (no default
/// chain, no profile store: <see cref="ProfileChainResolver"/> made it), and each provider is built
/// explicitly. What still reaches past the tool's seams, and why:
/// <list type="bullet">
/// <item>The container endpoint and instance metadata: the SDK reads their variables
/// (<c>AWS_CONTAINER_CREDENTIALS_*</c>, <c>AWS_CONTAINER_AUTHORIZATION_TOKEN*</c>,
/// <c>AWS_EC2_METADATA_*</c>) from the process environment itself, and instance metadata its
/// <c>ec2_metadata_*</c> settings from the SDK's own reading of the AWS config files. The tool only
/// gets here when those variables said so.</item>
/// <item>Web identity: the SDK's provider, with its STS client replaced by one built for the run's
/// endpoint. Nothing is registered in the SDK's global registry, and no client is made by
/// reflection (which fails under Native AOT).</item>
/// </list>
/// </summary>
internal sealed class SdkCredentialProviders(StsEndpoint endpoint, StsTransport transport)
{
    /// <summary>The credentials of <paramref name="source"/>, with their expiry when they have one.</summary>
    public AwsCredentials Fetch(CredentialSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        RefreshingAWSCredentials provider = source.Kind switch
        {
            SourceKind.WebIdentity => new WebIdentityCredentials(source.WebIdentity!, endpoint, transport),
            SourceKind.ContainerCredentials => new GenericContainerCredentials(),
            SourceKind.InstanceMetadata => new InstanceProfileAWSCredentials(),
            _ => throw new ArgumentException($"not a source the AWS SDK fetches: {source.Kind}", nameof(source)),
        };

        var credentials = provider.GetCredentials();
        if (credentials is null || string.IsNullOrEmpty(credentials.AccessKey) || string.IsNullOrEmpty(credentials.SecretKey))
        {
            throw new InvalidOperationException("no access key and secret key came back");
        }

        // The SDK reports the expiry less its own safety margin: add it back to keep the source's own.
        DateTimeOffset? expiration = provider.Expiration is { } expiry && expiry < DateTime.MaxValue - provider.ExpirationBuffer
            ? new DateTimeOffset(DateTime.SpecifyKind(expiry.ToUniversalTime(), DateTimeKind.Utc)) + provider.ExpirationBuffer
            : null;
        return new AwsCredentials(credentials.AccessKey, credentials.SecretKey, string.IsNullOrEmpty(credentials.Token) ? null : credentials.Token, expiration);
    }

    /// <summary>The SDK's web identity provider, calling STS through a client built for this run's endpoint.</summary>
    private sealed class WebIdentityCredentials(WebIdentitySource source, StsEndpoint endpoint, StsTransport transport)
        : AssumeRoleWithWebIdentityCredentials(source.TokenFile, source.RoleArn, source.SessionName)
    {
        // AssumeRoleWithWebIdentity is unsigned: the token is the credential.
        protected override ICoreAmazonSTS CreateClient() =>
            new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), SdkStsGateway.ConfigFor(endpoint, transport));
    }
}
