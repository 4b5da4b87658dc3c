using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Sts;

/// <summary>The <c>GetCallerIdentity</c> document.</summary>
/// <param name="UserId">The unique ID of the caller.</param>
/// <param name="Account">The caller's account.</param>
/// <param name="Arn">The caller's ARN.</param>
public sealed record CallerIdentity(string UserId, string Account, string Arn);

/// <summary>
/// One <c>AssumeRole</c> request, as this tool makes it: the resolved role, the hop's parameters
/// with the session name resolved and the duration capped, and the MFA code when the hop sends one.
/// <see cref="ToString"/> never shows the MFA code.
/// </summary>
/// <param name="Role">The resolved role.</param>
/// <param name="SessionName">The role session name.</param>
/// <param name="DurationSeconds">The session length to ask for (after the 1 h cap of role chaining).</param>
/// <param name="Parameters">Everything else the call sends (<see cref="HopParameters.MfaSerial"/> as <c>SerialNumber</c>).</param>
/// <param name="TokenCode">The one-time MFA code, or null. Never logged.</param>
public sealed record AssumeRoleCall(RoleArn Role, string SessionName, int DurationSeconds, HopParameters Parameters, string? TokenCode = null)
{
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Role = {Role}, SessionName = {SessionName}, DurationSeconds = {DurationSeconds}, Parameters = {Parameters}, ");
        builder.Append($"TokenCode = {(TokenCode is null ? string.Empty : "******")}");
        return true;
    }
}

/// <summary>The part of an <c>AssumeRole</c> response the chain uses.</summary>
/// <param name="Credentials">The new temporary credentials.</param>
/// <param name="AssumedRoleArn">The session's ARN, <c>arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION</c>.</param>
public sealed record AssumedRole(AwsCredentials Credentials, string AssumedRoleArn);
