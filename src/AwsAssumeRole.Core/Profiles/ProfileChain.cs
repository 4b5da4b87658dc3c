using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>Where the credentials at the start of a chain come from.</summary>
public enum SourceKind
{
    /// <summary>The SDK's standard chain: environment, the profile, container, instance metadata.</summary>
    DefaultChain,

    /// <summary><c>AWS_ACCESS_KEY_ID</c> and friends (<c>credential_source = Environment</c>).</summary>
    EnvironmentVariables,

    /// <summary>Keys written in a profile.</summary>
    StaticKeys,

    /// <summary>A profile the SDK resolves itself: <c>credential_process</c>, SSO, web identity.</summary>
    SdkProfile,

    /// <summary>EC2 instance metadata (<c>credential_source = Ec2InstanceMetadata</c>).</summary>
    InstanceMetadata,

    /// <summary>The ECS/container credentials endpoint (<c>credential_source = EcsContainer</c>).</summary>
    ContainerCredentials,
}

/// <summary>The credentials a chain starts from, not yet fetched.</summary>
/// <param name="Kind">Where they come from.</param>
/// <param name="Description">For messages: <c>profile 'base'</c>, <c>environment variables (credential_source of profile 'a')</c>.</param>
/// <param name="ProfileName">The profile to resolve, for <see cref="SourceKind.SdkProfile"/>.</param>
/// <param name="Keys">The keys, for <see cref="SourceKind.StaticKeys"/>.</param>
public sealed record CredentialSource(SourceKind Kind, string Description, string? ProfileName = null, AwsCredentials? Keys = null);

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
    /// <summary>The selected profile's <c>ca_bundle</c> (a PEM file of the CAs to trust for STS), or null.</summary>
    public string? CaBundle { get; init; }
}
