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

/// <summary>
/// One source identity file: what <c>GetCallerIdentity</c> answered for a source access key, so a
/// later cold chain from the same key (a bare first role name, a derived session name) needs no call
/// before its first <c>AssumeRole</c>. It holds no secret.
/// </summary>
/// <param name="Key">The cache key (of the source key ID and the endpoint), which is also the file's name.</param>
/// <param name="Source">The source access key ID as shown to people (<c>****ABCD</c>).</param>
/// <param name="Identity">The answer of <c>GetCallerIdentity</c>.</param>
/// <param name="Expiration">When it stops being used: the source credentials' expiry, at most 12 hours after it was asked.</param>
public sealed record SourceIdentityEntry(string Key, string Source, CallerIdentity Identity, DateTimeOffset Expiration);
