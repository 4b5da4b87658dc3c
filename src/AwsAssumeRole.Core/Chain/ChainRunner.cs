using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Chain;

/// <summary>
/// Runs a <see cref="ChainPlan"/>: at most one <c>GetCallerIdentity</c> (only when a bare first hop
/// needs the account or the session name must be derived) and exactly one <c>AssumeRole</c> per hop,
/// each hop using the credentials of the one before. The identity after each hop comes from the
/// <c>AssumedRoleUser.Arn</c> STS returned, never from another call. An MFA code is asked of
/// <paramref name="mfa"/> only just before the call of the hop that sends it.
/// </summary>
public sealed class ChainRunner(IStsGateway sts, IChainLog log, IMfaCodeSource? mfa = null)
{
    /// <summary>Runs the chain from <paramref name="source"/> and returns the final credentials.</summary>
    public async Task<ChainResult> RunAsync(AwsCredentials source, ChainPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plan);

        // Before any call: a missing MFA code with no terminal to ask on fails now, not after a
        // GetCallerIdentity. (A cache in front of the calls must come before this line.)
        if (plan.MfaNeeds.Count > 0)
        {
            (mfa ?? throw new InvalidOperationException("the plan needs MFA codes but no IMfaCodeSource was given")).EnsureAvailable(plan.MfaNeeds);
        }

        IdentityArn? identity = null;
        var sessionName = plan.SessionName;
        if (plan.NeedsSourceIdentity)
        {
            identity = await SourceIdentityAsync(source, cancellationToken).ConfigureAwait(false);
            sessionName ??= SessionNames.Derive(identity);
        }

        var credentials = source;
        RoleArn? role = null;
        var clampReported = false;
        for (var index = 0; index < plan.Hops.Count; index++)
        {
            var hop = plan.Hops[index];
            var number = index + 1;
            role = hop.Role.Resolve(identity!);
            var duration = hop.Parameters.DurationSeconds;
            if (credentials.IsTemporary && duration > Durations.ChainedMaxSeconds)
            {
                duration = Durations.ChainedMaxSeconds;
                if (!clampReported)
                {
                    clampReported = true;
                    log.Warning($"{hop.Parameters.DurationOrigin} {Durations.Describe(hop.Parameters.DurationSeconds)} shortened to 1h from hop {number} on: STS caps sessions assumed with temporary credentials (role chaining) at 1 hour");
                }
            }

            var context = $"hop {number} of {plan.Hops.Count}, {role}{(hop.Parameters.Profile is { } profile ? $" (profile {profile})" : string.Empty)}";
            var call = new AssumeRoleCall(role.ToString(), hop.Parameters.SessionName ?? sessionName!, duration, hop.Parameters.ExternalId)
            {
                SerialNumber = hop.Parameters.MfaSerial,
                TokenCode = hop.Parameters.MfaSerial is { } serial ? await mfa!.GetCodeAsync(new MfaNeed(number, serial), cancellationToken).ConfigureAwait(false) : null,
                SourceIdentity = hop.Parameters.SourceIdentity,
                Tags = hop.Parameters.Tags,
                Policy = hop.Parameters.Policy,
                PolicyArns = hop.Parameters.PolicyArns,
            };
            AssumedRole assumed;
            try
            {
                assumed = await sts.AssumeRoleAsync(credentials, call, cancellationToken).ConfigureAwait(false);
            }
            catch (StsException e)
            {
                throw Failure(e, context, role.ToString(), identity?.Text, number, call.TokenCode is not null);
            }

            identity = IdentityArn.TryParse(assumed.AssumedRoleArn)
                ?? throw AssumeRoleException.AwsFailure($"{context}: STS returned an unexpected AssumedRoleUser ARN '{RoleNames.Printable(assumed.AssumedRoleArn)}'");
            credentials = assumed.Credentials;
            log.Info($"Switched to role {role}");
        }

        return new ChainResult(credentials, role, identity, plan.Hops.Count == 0 ? null : sessionName);
    }

    /// <summary>The identity of <paramref name="credentials"/>, by <c>GetCallerIdentity</c>.</summary>
    public async Task<CallerIdentity> WhoAmIAsync(AwsCredentials credentials, string context, CancellationToken cancellationToken)
    {
        try
        {
            return await sts.GetCallerIdentityAsync(credentials, cancellationToken).ConfigureAwait(false);
        }
        catch (StsException e)
        {
            throw Failure(e, context, null, null, 0);
        }
    }

    private async Task<IdentityArn> SourceIdentityAsync(AwsCredentials source, CancellationToken cancellationToken)
    {
        var caller = await WhoAmIAsync(source, "GetCallerIdentity with the source credentials", cancellationToken).ConfigureAwait(false);
        log.Debug($"source identity {caller.Arn}");
        return IdentityArn.TryParse(caller.Arn)
            ?? throw AssumeRoleException.AwsFailure($"GetCallerIdentity returned an unexpected ARN '{RoleNames.Printable(caller.Arn)}'");
    }

    private static AssumeRoleException Failure(StsException e, string context, string? role, string? caller, int hop, bool sentMfa = false) =>
        AssumeRoleException.AwsFailure($"{context}: {e.ErrorCode}: {e.Message}", StsErrorHints.For(e, role, caller, hop, sentMfa), e);
}
