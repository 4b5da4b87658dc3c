using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// What a chain needs to go on after a cached prefix of hops, so that resuming needs no
/// <c>GetCallerIdentity</c>: the credentials, the session's ARN (where a later bare role name
/// resolves) and the chain's session name.
/// </summary>
/// <param name="Roles">The role ARNs assumed, hop 1 first; the prefix's last hop is the last one.</param>
/// <param name="AssumedRoleArn">The <c>AssumedRoleUser.Arn</c> STS returned for the last hop.</param>
/// <param name="SessionName">The session name the chain uses on its hops.</param>
/// <param name="Credentials">The temporary credentials of the last hop, with their expiry.</param>
public sealed record CachedHop(IReadOnlyList<string> Roles, string AssumedRoleArn, string SessionName, AwsCredentials Credentials);

/// <summary>One cache file: its key, the (masked) source key it came from, and the hop.</summary>
/// <param name="Key">The cache key, which is also the file's name.</param>
/// <param name="Source">The source access key ID as shown to people (<c>****ABCD</c>).</param>
/// <param name="Hop">What the chain resumes from.</param>
public sealed record CacheEntry(string Key, string Source, CachedHop Hop);

/// <summary>
/// One cache file holding a source's own credentials: the role credentials IAM Identity Center
/// handed out for an account and role, kept until they expire so that a warm run calls neither
/// IAM Identity Center nor STS (and the chain's entries, keyed by the source's access key ID, stay
/// valid). Keyed by what asked for them (<see cref="CacheKeys.ForSsoSource"/>), never by a token.
/// </summary>
/// <param name="Key">The cache key, which is also the file's name.</param>
/// <param name="Source">What the credentials are, for <c>cache list</c>: <c>SSO 123456789012/Admin (sso-session 'corp')</c>.</param>
/// <param name="Credentials">The temporary credentials, with their expiry.</param>
public sealed record SourceEntry(string Key, string Source, AwsCredentials Credentials);
