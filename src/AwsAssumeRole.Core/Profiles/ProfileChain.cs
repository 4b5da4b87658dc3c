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

    /// <summary>IAM Identity Center: a role's credentials from SSO <c>GetRoleCredentials</c>, with the access token the AWS CLI's token cache holds.</summary>
    Sso,

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

    /// <summary>The sign-in session, account and role, for <see cref="SourceKind.Sso"/>.</summary>
    public SsoSource? Sso { get; init; }

    /// <summary>
    /// True when the credentials are known to be temporary before they are fetched (SSO, web
    /// identity, the container endpoint, instance metadata, keys with a session token); false when
    /// they are known to be long-term keys; null when only fetching tells (<c>credential_process</c>).
    /// </summary>
    public bool? KnownTemporary => Kind switch
    {
        SourceKind.Sso or SourceKind.WebIdentity or SourceKind.ContainerCredentials or SourceKind.InstanceMetadata => true,
        SourceKind.StaticKeys => Keys?.IsTemporary,
        _ => null,
    };

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

/// <summary>What IAM Identity Center needs to hand out a role's credentials.</summary>
/// <param name="Session">Where the access token comes from.</param>
/// <param name="AccountId">The account (<c>sso_account_id</c>).</param>
/// <param name="RoleName">The permission set's role (<c>sso_role_name</c>).</param>
/// <param name="ProfileName">The profile that says so, for the login command in messages.</param>
public sealed record SsoSource(SsoSession Session, string AccountId, string RoleName, string ProfileName);

/// <summary>An IAM Identity Center sign-in: its portal and region, and how the AWS CLI names its token.</summary>
/// <param name="StartUrl">The portal's start URL (<c>sso_start_url</c>).</param>
/// <param name="Region">The region of IAM Identity Center (<c>sso_region</c>).</param>
/// <param name="SessionName">The <c>[sso-session NAME]</c>; null for a legacy profile with <c>sso_start_url</c> itself.</param>
/// <param name="Scopes">The <c>sso_registration_scopes</c> of the session (empty for a legacy profile).</param>
public sealed record SsoSession(string StartUrl, string Region, string? SessionName, IReadOnlyList<string> Scopes)
{
    /// <summary>What the AWS CLI hashes (SHA-1) for the token cache file's name: the session's name, else the start URL.</summary>
    public string TokenCacheName => SessionName ?? StartUrl;

    /// <summary>How messages name it: <c>sso-session 'corp'</c> or <c>start URL https://corp.awsapps.com/start</c>.</summary>
    public string Describe() => SessionName is { } name ? $"sso-session '{Text.PrintableText.Escape(name)}'" : $"start URL {Text.PrintableText.Escape(StartUrl)}";
}

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

    /// <summary>The <c>[services NAME]</c> section the selected profile's <c>services</c> key names, or null.</summary>
    public ServicesSection? Services { get; init; }
}
