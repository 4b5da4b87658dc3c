using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Chain;

/// <summary>What a chain run produced.</summary>
/// <param name="Credentials">The credentials at the end of the chain (the source's for an empty chain).</param>
/// <param name="FinalRole">The last role assumed; null for an empty chain.</param>
/// <param name="Identity">The session at the end of the chain (its account and name), as STS or the cache said; null for an empty chain.</param>
public sealed record ChainResult(AwsCredentials Credentials, RoleArn? FinalRole, IdentityArn? Identity)
{
    /// <summary>How many hops this run assumed anew (the others came from the cache or the session); a refresh reports it.</summary>
    public int HopsAssumed { get; init; }

    /// <summary>The source credentials' identity when this run needed it (asked of STS or known before); null otherwise.</summary>
    public IdentityArn? SourceIdentity { get; init; }
}
