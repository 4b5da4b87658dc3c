using AwsAssumeRole.Core.Session;

namespace AwsAssumeRole.Core.Sts;

/// <summary>The <c>GetCallerIdentity</c> document.</summary>
/// <param name="UserId">The unique ID of the caller.</param>
/// <param name="Account">The caller's account.</param>
/// <param name="Arn">The caller's ARN.</param>
public sealed record CallerIdentity(string UserId, string Account, string Arn);

/// <summary>One <c>AssumeRole</c> request, as this tool makes it. <see cref="ToString"/> never shows the MFA code.</summary>
/// <param name="RoleArn">The resolved role ARN.</param>
/// <param name="SessionName">The role session name.</param>
/// <param name="DurationSeconds">The requested session length.</param>
/// <param name="ExternalId">The external ID, or null.</param>
public sealed record AssumeRoleCall(string RoleArn, string SessionName, int DurationSeconds, string? ExternalId)
{
    /// <summary>The MFA device's serial (<c>SerialNumber</c>), or null.</summary>
    public string? SerialNumber { get; init; }

    /// <summary>The one-time MFA code (<c>TokenCode</c>), or null. Never logged.</summary>
    public string? TokenCode { get; init; }

    /// <summary>The <c>SourceIdentity</c>, or null.</summary>
    public string? SourceIdentity { get; init; }

    /// <summary>Session tags and the transitive keys among them.</summary>
    public SessionTagSet Tags { get; init; } = SessionTagSet.Empty;

    /// <summary>The inline session policy (JSON), or null.</summary>
    public string? Policy { get; init; }

    /// <summary>Managed session policy ARNs.</summary>
    public IReadOnlyList<string> PolicyArns { get; init; } = [];

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"RoleArn = {RoleArn}, SessionName = {SessionName}, DurationSeconds = {DurationSeconds}, ExternalId = {ExternalId}, ");
        builder.Append($"SerialNumber = {SerialNumber}, TokenCode = {(TokenCode is null ? string.Empty : "******")}, SourceIdentity = {SourceIdentity}, ");
        builder.Append($"Tags = {Tags.Tags.Count}, Policy = {(Policy is null ? string.Empty : "...")}, PolicyArns = {PolicyArns.Count}");
        return true;
    }
}

/// <summary>The part of an <c>AssumeRole</c> response the chain uses.</summary>
/// <param name="Credentials">The new temporary credentials.</param>
/// <param name="AssumedRoleArn">The session's ARN, <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>.</param>
/// <param name="AssumedRoleId">The session's ID, <c>AROA...:SESSION</c>.</param>
public sealed record AssumedRole(AwsCredentials Credentials, string AssumedRoleArn, string AssumedRoleId);
