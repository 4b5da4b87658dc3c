using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Chain;

/// <summary>What a chain run produced.</summary>
/// <param name="Credentials">The credentials at the end of the chain (the source's for an empty chain).</param>
/// <param name="FinalRole">The last role assumed; null for an empty chain.</param>
/// <param name="Identity">The identity at the end of the chain, when known without another call.</param>
/// <param name="SessionName">The session name used on the hops; null for an empty chain.</param>
public sealed record ChainResult(AwsCredentials Credentials, RoleArn? FinalRole, IdentityArn? Identity, string? SessionName);
