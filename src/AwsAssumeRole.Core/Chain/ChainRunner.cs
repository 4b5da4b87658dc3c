using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Chain;

/// <summary>
/// Runs a <see cref="ChainPlan"/>: at most one <c>GetCallerIdentity</c> (only when a bare first hop
/// needs the account or the session name must be derived, and the cache does not know the source
/// key's identity from an earlier run) and exactly one <c>AssumeRole</c> per hop,
/// each hop using the credentials of the one before. The identity after each hop comes from the
/// <c>AssumedRoleUser.Arn</c> STS returned, never from another call. With a cache, the hops of the
/// longest fresh cached prefix make no call at all, and each hop made is stored. An MFA code is
/// asked of <paramref name="mfa"/> only just before the call of the hop that sends it, so a cached
/// hop never prompts.
/// </summary>
public sealed class ChainRunner(IStsGateway sts, IChainLog log, IMfaCodeSource? mfa = null, IChainCache? cache = null)
{
    /// <summary>
    /// The identity of the source credentials when an earlier run of the same session asked for it
    /// already: a renewal (serve) then makes no <c>GetCallerIdentity</c> call, only the hops.
    /// </summary>
    public IdentityArn? KnownSourceIdentity { get; init; }

    /// <summary>Runs the chain from <paramref name="source"/> and returns the final credentials.</summary>
    public async Task<ChainResult> RunAsync(AwsCredentials source, ChainPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(plan);

        IdentityArn? identity = null;
        var sessionName = plan.SessionName;
        var credentials = source;
        RoleArn? role = null;
        var clampReported = false;
        var start = 0;
        var roles = new List<string>();
        var assumedCount = 0;
        IdentityArn? sourceIdentity = null;

        // A fresh cached prefix (the whole chain, at best) carries everything the hops after it
        // need: no GetCallerIdentity, no AssumeRole for the hops it covers.
        if (cache?.FindLongestFresh() is { } cached)
        {
            start = cached.Roles.Count;
            for (var index = 0; index < start; index++)
            {
                _ = Duration(plan.Hops[index], index + 1, index > 0 || source.IsTemporary, ref clampReported);
                log.Info($"Switched to role {cached.Roles[index]}");
            }

            (credentials, identity, role, sessionName) = Resume(cached, roles);
            TellSecrets(credentials);
        }

        // Before any call: a missing MFA code with no terminal to ask on fails now, not after a
        // GetCallerIdentity. Hops the cache covers need no code, so they are not asked about.
        var mfaNeeds = plan.MfaNeeds.Where(need => need.Hop > start).ToList();
        if (mfaNeeds.Count > 0)
        {
            (mfa ?? throw new InvalidOperationException("the plan needs MFA codes but no IMfaCodeSource was given")).EnsureAvailable(mfaNeeds);
        }

        for (var index = start; index < plan.Hops.Count; index++)
        {
            var hop = plan.Hops[index];
            var number = index + 1;
            var duration = Duration(hop, number, credentials.IsTemporary, ref clampReported);

            // Only one process makes a hop at a time; the others wait here, then take what it stored.
            using var slot = cache is null ? null : await cache.EnterAsync(index, cancellationToken).ConfigureAwait(false);
            if (slot?.Fresh is { } stored)
            {
                (credentials, identity, role, sessionName) = Resume(stored, roles);
                TellSecrets(credentials);
                log.Info($"Switched to role {role}");
                continue;
            }

            if (identity is null && plan.NeedsSourceIdentity)
            {
                identity = sourceIdentity = KnownSourceIdentity ?? await SourceIdentityAsync(source, cancellationToken).ConfigureAwait(false);
                sessionName ??= SessionNames.Derive(identity);
            }

            role = hop.Role.Resolve(identity!);
            var context = $"hop {number} of {plan.Hops.Count}, {role}{(hop.Parameters.Profile is { } profile ? $" (profile {profile})" : string.Empty)}";
            var tokenCode = hop.Parameters.MfaSerial is { } serial
                ? await mfa!.GetCodeAsync(new MfaNeed(number, serial), cancellationToken).ConfigureAwait(false)
                : null;
            var call = new AssumeRoleCall(role, hop.Parameters.SessionName ?? sessionName!, duration, hop.Parameters, tokenCode);
            AssumedRole assumed;
            try
            {
                assumed = await sts.AssumeRoleAsync(credentials, call, cancellationToken).ConfigureAwait(false);
            }
            catch (StsException e)
            {
                throw Failure(e, context, role.ToString(), identity?.Text, number, tokenCode is not null);
            }

            TellSecrets(assumed.Credentials);
            identity = IdentityArn.TryParse(assumed.AssumedRoleArn)
                ?? throw AssumeRoleException.AwsFailure($"{context}: STS returned an unexpected AssumedRoleUser ARN '{RoleNames.Printable(assumed.AssumedRoleArn)}'");
            credentials = assumed.Credentials;
            assumedCount++;
            roles.Add(role.ToString());
            slot?.Store(new CachedHop([.. roles], assumed.AssumedRoleArn, sessionName ?? call.SessionName, credentials));
            log.Info($"Switched to role {role}");
        }

        return new ChainResult(credentials, role, plan.Hops.Count == 0 ? null : identity) { HopsAssumed = assumedCount, SourceIdentity = sourceIdentity };
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

    private void TellSecrets(AwsCredentials credentials)
    {
        log.Secret(credentials.SecretAccessKey);
        log.Secret(credentials.SessionToken);
    }

    /// <summary>
    /// The session length to ask for on hop <paramref name="number"/>: STS caps a session assumed
    /// with temporary credentials at 1 h, so longer asks are shortened, and said once.
    /// </summary>
    private int Duration(Hop hop, int number, bool temporaryCredentials, ref bool clampReported)
    {
        var duration = hop.Parameters.RequestedSeconds;
        if (temporaryCredentials && duration > Durations.ChainedMaxSeconds)
        {
            duration = Durations.ChainedMaxSeconds;
            if (!clampReported)
            {
                clampReported = true;
                log.Warning($"{hop.Parameters.DurationSource} {Durations.Describe(hop.Parameters.RequestedSeconds)} shortened to 1h from hop {number} on: STS caps sessions assumed with temporary credentials (role chaining) at 1 hour");
            }
        }

        return duration;
    }

    /// <summary>Where a cached hop leaves the chain: its credentials, identity, role and session name.</summary>
    private static (AwsCredentials, IdentityArn, RoleArn, string) Resume(CachedHop cached, List<string> roles)
    {
        roles.Clear();
        roles.AddRange(cached.Roles);
        return (cached.Credentials, IdentityArn.TryParse(cached.AssumedRoleArn)!, RoleArn.Parse(cached.Roles[^1]), cached.SessionName);
    }

    // The cache's answer for this source key when it has one; otherwise STS's, stored for the next run.
    private async Task<IdentityArn> SourceIdentityAsync(AwsCredentials source, CancellationToken cancellationToken)
    {
        if (cache?.FindSourceIdentity() is { } cached && IdentityArn.TryParse(cached.Arn) is { } known)
        {
            log.Debug($"source identity {cached.Arn} (cached)");
            return known;
        }

        var caller = await WhoAmIAsync(source, "GetCallerIdentity with the source credentials", cancellationToken).ConfigureAwait(false);
        log.Debug($"source identity {caller.Arn}");
        var identity = IdentityArn.TryParse(caller.Arn)
            ?? throw AssumeRoleException.AwsFailure($"GetCallerIdentity returned an unexpected ARN '{RoleNames.Printable(caller.Arn)}'");
        if (cache is not null)
        {
            await cache.StoreSourceIdentityAsync(caller, source.Expiration, cancellationToken).ConfigureAwait(false);
        }

        return identity;
    }

    private static AssumeRoleException Failure(StsException e, string context, string? role, string? caller, int hop, bool sentMfa = false) =>
        AssumeRoleException.AwsFailure($"{context}: {e.ErrorCode}: {e.Message}", StsErrorHints.For(e, role, caller, hop, sentMfa), e);
}
