using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>Where the credentials at the start of a chain come from.</summary>
public enum SourceKind
{
    /// <summary><c>AWS_ACCESS_KEY_ID</c> and friends: keys in the environment, or <c>credential_source = Environment</c>.</summary>
    EnvironmentVariables,

    /// <summary>Keys written in a profile.</summary>
    StaticKeys,

    /// <summary>A profile's <c>credential_process</c>, run by the AWS SDK.</summary>
    CredentialProcess,

    /// <summary><c>AssumeRoleWithWebIdentity</c> with a token file (<c>AWS_WEB_IDENTITY_TOKEN_FILE</c> or a profile's <c>web_identity_token_file</c>).</summary>
    WebIdentity,

    /// <summary>EC2 instance metadata: <c>credential_source = Ec2InstanceMetadata</c>, or the last place looked.</summary>
    InstanceMetadata,

    /// <summary>The ECS/container credentials endpoint: <c>credential_source = EcsContainer</c>, or <c>AWS_CONTAINER_CREDENTIALS_*</c> set.</summary>
    ContainerCredentials,

    /// <summary>Nothing configured anywhere: fetching fails with <see cref="CredentialSource.NotFound"/>.</summary>
    None,
}

/// <summary>The credentials a chain starts from, not yet fetched.</summary>
/// <param name="Kind">Where they come from.</param>
/// <param name="Description">For messages: <c>profile 'base'</c>, <c>environment variables (credential_source of profile 'a')</c>.</param>
public sealed record CredentialSource(SourceKind Kind, string Description)
{
    /// <summary>The profile they are read from, when one is.</summary>
    public string? ProfileName { get; init; }

    /// <summary>The keys, for <see cref="SourceKind.StaticKeys"/>.</summary>
    public AwsCredentials? Keys { get; init; }

    /// <summary>The command line, for <see cref="SourceKind.CredentialProcess"/>.</summary>
    public string? Command { get; init; }

    /// <summary>The token file, role and session name, for <see cref="SourceKind.WebIdentity"/>.</summary>
    public WebIdentitySource? WebIdentity { get; init; }

    /// <summary>
    /// Where the tool looked and found nothing, for <see cref="SourceKind.None"/> and for instance
    /// metadata tried as the last resort (its failure means no credentials anywhere); else null.
    /// </summary>
    public string? NotFound { get; init; }
}

/// <summary>What <c>AssumeRoleWithWebIdentity</c> needs.</summary>
/// <param name="TokenFile">The token file, as a full path.</param>
/// <param name="RoleArn">The role to assume.</param>
/// <param name="SessionName">The role session name, or null for the AWS SDK's default.</param>
public sealed record WebIdentitySource(string TokenFile, string RoleArn, string? SessionName);

/// <summary>
/// What the selected profile means for a run: the source credentials, the hops its
/// <c>role_arn</c>/<c>source_profile</c> chain adds (innermost first), and its STS settings.
/// </summary>
/// <param name="Source">The credentials the chain starts from.</param>
/// <param name="Hops">The profile hops (each with its profile's parameters), to run before the command line's roles.</param>
/// <param name="Region">The selected profile's <c>region</c>, or null.</param>
/// <param name="EndpointUrl">The selected profile's <c>endpoint_url</c>, or null.</param>
/// <param name="StsRegionalEndpoints">The selected profile's <c>sts_regional_endpoints</c>, or null.</param>
public sealed record ProfileChain(CredentialSource Source, IReadOnlyList<Hop> Hops, string? Region, string? EndpointUrl, string? StsRegionalEndpoints)
{
    /// <summary>The selected profile, where it exists: messages about its <c>region</c>, <c>endpoint_url</c> or <c>sts_regional_endpoints</c> name it and its file.</summary>
    public ConfigProfile? Profile { get; init; }

    /// <summary>The selected profile's <c>ca_bundle</c> (a PEM file of the CAs to trust for STS), or null.</summary>
    public string? CaBundle { get; init; }
}
