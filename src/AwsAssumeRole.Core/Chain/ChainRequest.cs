using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Chain;

/// <summary>
/// Everything a user asks of a chain, each value already parsed and validated (the command line is
/// read into one of these once, before anything else happens). <see cref="ChainSession"/> turns it,
/// with the profile files, into a plan and runs it.
/// </summary>
public sealed record ChainRequest
{
    /// <summary>The roles given on the command line, in order (after the profile's hops).</summary>
    public IReadOnlyList<RoleReference> Roles { get; init; } = [];

    /// <summary>
    /// The hop parameters given on the command line (<c>--duration</c>, <c>--external-id</c>, MFA serial,
    /// source identity, tags, policies); <see cref="HopParameters.SessionName"/> is <c>--session-name</c>,
    /// shared by every hop.
    /// </summary>
    public HopParameters Options { get; init; } = HopParameters.None;

    /// <summary>The MFA code given with <c>--mfa-code</c> (or read from stdin), for the first hop that needs one.</summary>
    public string? MfaCode { get; init; }

    /// <summary><c>--profile</c>; null to use <c>AWS_PROFILE</c>, then <c>default</c>.</summary>
    public string? Profile { get; init; }

    /// <summary><c>--region</c>.</summary>
    public string? Region { get; init; }

    /// <summary><c>--endpoint-url</c>.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary><c>--timeout</c> as given (checked); null for <c>AWS_ASSUME_ROLE_TIMEOUT</c> or the default.</summary>
    public string? Timeout { get; init; }

    /// <summary><c>--allow-http</c>: a plain <c>http://</c> endpoint on another machine is accepted, with a warning.</summary>
    public bool AllowHttp { get; init; }

    /// <summary>How to use the credentials cache; null for <c>--no-cache</c>.</summary>
    public CacheSettings? Cache { get; init; } = CacheSettings.Default;

    /// <summary>
    /// How long credentials handed out must still be valid (<c>--min-remaining</c>), with or
    /// without the cache: <c>--no-cache</c> changes where credentials are kept, not how fresh.
    /// </summary>
    public TimeSpan MinRemaining { get; init; } = CacheFreshness.DefaultMinRemaining;
}
