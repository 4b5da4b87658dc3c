using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Sources;

/// <summary>
/// Source credentials from the AWS SDK for .NET's standard resolution: environment variables,
/// then the profile named by <c>--profile</c> / <c>AWS_PROFILE</c> / <c>default</c> (static keys,
/// <c>credential_process</c>, SSO, web identity), then container and instance metadata.
/// Profiles that themselves assume a role are refused here with a clear message: the SDK would
/// build an STS client by reflection for them, which fails under Native AOT.
/// </summary>
public sealed class SdkSourceCredentialProvider(IEnvironment environment) : ISourceCredentialProvider
{
    /// <inheritdoc />
    public SourceCredentials Resolve(string? profileOption)
    {
        var store = new CredentialProfileStoreChain();
        var profileName = profileOption ?? environment.Get("AWS_PROFILE") ?? "default";
        store.TryGetProfile(profileName, out var profile);

        if (profileOption is not null && profile is null)
        {
            throw AssumeRoleException.BadInput(
                $"profile '{RoleNames.Printable(profileOption)}' not found in {ConfigFile()} or {CredentialsFile()}");
        }

        var environmentKeys = profileOption is null && environment.Get("AWS_ACCESS_KEY_ID") is not null;
        if (!environmentKeys && profile is not null && !string.IsNullOrEmpty(profile.Options.RoleArn))
        {
            throw AssumeRoleException.BadInput(
                $"profile '{RoleNames.Printable(profileName)}' assumes a role itself (role_arn); such profiles are not supported yet",
                $"use its source profile instead and give the role on the command line: --profile {RoleNames.Printable(profile.Options.SourceProfile ?? "SOURCE")} {RoleNames.Printable(profile.Options.RoleArn)}");
        }

        var description = environmentKeys ? "environment variables" : profile is not null ? $"profile '{profileName}'" : "the default credential chain";
        ImmutableCredentials immutable;
        try
        {
            var credentials = profileOption is not null
                ? AWSCredentialsFactory.GetAWSCredentials(profile!, store)
                : DefaultAWSCredentialsIdentityResolver.GetCredentials();
            immutable = credentials.GetCredentials();
        }
        catch (AssumeRoleException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw AssumeRoleException.AwsFailure(
                $"could not get source credentials from {description}: {Messages.OneLine(e.Message)}",
                "configure credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or --profile NAME (see aws configure)",
                e);
        }

        if (immutable is null || string.IsNullOrEmpty(immutable.AccessKey) || string.IsNullOrEmpty(immutable.SecretKey))
        {
            throw AssumeRoleException.AwsFailure($"no source credentials found in {description}", "configure credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or --profile NAME");
        }

        return new SourceCredentials(
            new AwsCredentials(immutable.AccessKey, immutable.SecretKey, string.IsNullOrEmpty(immutable.Token) ? null : immutable.Token, null),
            description,
            profile?.Region?.SystemName,
            profile?.EndpointUrl);
    }

    private string ConfigFile() => environment.Get("AWS_CONFIG_FILE") ?? "~/.aws/config";

    private string CredentialsFile() => environment.Get("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials";
}
