using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.RuntimeDependencies;
using Amazon.SecurityToken;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Sources;

/// <summary>
/// Fetches the credentials a <see cref="ProfileChain"/> starts from, through the AWS SDK for .NET
/// where it is AOT-safe: its standard chain (environment, profile, container, instance metadata),
/// <c>credential_process</c>, SSO and web identity profiles, the container endpoint and instance
/// metadata. Profiles that assume a role never reach the SDK: <see cref="ProfileChainResolver"/> turns
/// them into hops. For web identity, which the SDK resolves with an STS client it would otherwise
/// create by reflection (failing under Native AOT), an explicitly built client for
/// <paramref name="endpoint"/>, through <paramref name="transport"/>, is registered with the SDK.
/// </summary>
public sealed class SdkSourceCredentialProvider(IEnvironment environment, StsEndpoint endpoint, StsTransport transport) : ISourceCredentialProvider
{
    /// <inheritdoc />
    public SourceCredentials Resolve(ProfileChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var source = chain.Source;
        var credentials = source.Kind switch
        {
            SourceKind.StaticKeys => source.Keys!,
            SourceKind.EnvironmentVariables => FromEnvironment(source),
            _ => FromSdk(source),
        };
        return new SourceCredentials(credentials, source.Description, chain.Region, chain.EndpointUrl);
    }

    private AwsCredentials FromEnvironment(CredentialSource source)
    {
        var (accessKey, secret) = (environment.Get("AWS_ACCESS_KEY_ID"), environment.Get("AWS_SECRET_ACCESS_KEY"));
        return accessKey is not null && secret is not null
            ? new AwsCredentials(accessKey, secret, environment.Get("AWS_SESSION_TOKEN"), null)
            : throw AssumeRoleException.AwsFailure(
                $"no source credentials in {source.Description}",
                "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys)");
    }

    private AwsCredentials FromSdk(CredentialSource source)
    {
        ImmutableCredentials immutable;
        try
        {
            // Web identity (AWS_WEB_IDENTITY_TOKEN_FILE, or web_identity_token_file in a profile)
            // calls AssumeRoleWithWebIdentity, unsigned, through this client.
            GlobalRuntimeDependencyRegistry.Instance.RegisterSecurityTokenServiceClient(
                _ => new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), SdkStsGateway.ConfigFor(endpoint, transport)));
            AWSCredentials credentials = source.Kind switch
            {
                SourceKind.SdkProfile => FromSdkProfile(source.ProfileName!),
                SourceKind.InstanceMetadata => new InstanceProfileAWSCredentials(),
                SourceKind.ContainerCredentials => new GenericContainerCredentials(),
                _ => DefaultAWSCredentialsIdentityResolver.GetCredentials(),
            };
            immutable = credentials.GetCredentials();
        }
        catch (AssumeRoleException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw AssumeRoleException.AwsFailure(
                $"could not get source credentials from {source.Description}: {Messages.OneLine(e.Message)}",
                "configure credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or --profile NAME (see aws configure)",
                e);
        }

        if (immutable is null || string.IsNullOrEmpty(immutable.AccessKey) || string.IsNullOrEmpty(immutable.SecretKey))
        {
            throw AssumeRoleException.AwsFailure($"no source credentials found in {source.Description}", "configure credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or --profile NAME");
        }

        return new AwsCredentials(immutable.AccessKey, immutable.SecretKey, string.IsNullOrEmpty(immutable.Token) ? null : immutable.Token, null);
    }

    private static AWSCredentials FromSdkProfile(string name)
    {
        var store = new CredentialProfileStoreChain();
        return store.TryGetProfile(name, out var profile)
            ? AWSCredentialsFactory.GetAWSCredentials(profile, store)
            : throw AssumeRoleException.AwsFailure($"the AWS SDK could not read profile '{RoleNames.Printable(name)}'", "check the profile's keys (aws configure list --profile NAME)");
    }
}
