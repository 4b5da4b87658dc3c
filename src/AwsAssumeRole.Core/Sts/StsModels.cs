namespace AwsAssumeRole.Core.Sts;

/// <summary>The <c>GetCallerIdentity</c> document.</summary>
/// <param name="UserId">The unique ID of the caller.</param>
/// <param name="Account">The caller's account.</param>
/// <param name="Arn">The caller's ARN.</param>
public sealed record CallerIdentity(string UserId, string Account, string Arn);

/// <summary>One <c>AssumeRole</c> request, as this tool makes it.</summary>
/// <param name="RoleArn">The resolved role ARN.</param>
/// <param name="SessionName">The role session name.</param>
/// <param name="DurationSeconds">The requested session length.</param>
/// <param name="ExternalId">The external ID, or null.</param>
public sealed record AssumeRoleCall(string RoleArn, string SessionName, int DurationSeconds, string? ExternalId);

/// <summary>The part of an <c>AssumeRole</c> response the chain uses.</summary>
/// <param name="Credentials">The new temporary credentials.</param>
/// <param name="AssumedRoleArn">The session's ARN, <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>.</param>
/// <param name="AssumedRoleId">The session's ID, <c>AROA...:SESSION</c>.</param>
public sealed record AssumedRole(AwsCredentials Credentials, string AssumedRoleArn, string AssumedRoleId);
