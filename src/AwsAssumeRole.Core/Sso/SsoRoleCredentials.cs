using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Sso;

/// <summary>
/// The source credentials of an SSO profile: the role credentials SSO <c>GetRoleCredentials</c>
/// hands out for the profile's account and role, with the sign-in's access token. They are kept in
/// the tool's cache like a hop, under a key of the sign-in, account and role (never the token), and
/// used while more than the run's margin is left: a warm run calls neither IAM Identity Center nor
/// STS (the chain's entries are keyed by these credentials' access key ID, which stays the same
/// while they are reused). As for hops, one process at a time asks for them; the others wait on
/// the entry's lock and take what it stored. A cache that cannot be used is one warning.
/// </summary>
public sealed class SsoRoleCredentials(SsoSource source, ISsoService service, SsoAccessTokens tokens, SsoEndpoint portal, CacheStore? store, CacheSettings? settings, TimeProvider time, IChainLog log)
{
    private bool cacheDisabled;

    /// <summary>Credentials valid for more than <paramref name="margin"/>.</summary>
    public async Task<AwsCredentials> GetAsync(TimeSpan margin, CancellationToken cancellationToken)
    {
        var key = CacheKeys.ForSsoSource(source, portal.ServiceUri);
        if (Fresh(key, margin) is { } cached)
        {
            return cached;
        }

        using var held = await LockAsync(key, cancellationToken).ConfigureAwait(false);
        if (held is not null && Fresh(key, margin) is { } storedMeanwhile)
        {
            return storedMeanwhile;
        }

        var accessToken = await tokens.GetAsync(source, RefreshLock(source), cancellationToken).ConfigureAwait(false);
        AwsCredentials credentials;
        try
        {
            credentials = await service.GetRoleCredentialsAsync(accessToken, source.AccountId, source.RoleName, cancellationToken).ConfigureAwait(false);
        }
        catch (StsException e)
        {
            throw Failure(e);
        }

        log.Secret(credentials.SecretAccessKey);
        log.Secret(credentials.SessionToken);
        if (held is not null && !cacheDisabled)
        {
            try
            {
                store!.Write(new SourceEntry(key, Describe(), credentials));
            }
            catch (IOException e)
            {
                Disable($"cannot write the credentials cache: {SystemErrors.Describe(e)}; going on without it");
            }
        }

        return credentials;
    }

    private string Describe() => $"SSO {source.AccountId}/{source.RoleName} ({source.Session.Describe()})";

    private AwsCredentials? Fresh(string key, TimeSpan margin)
    {
        if (store is null || settings is null || settings.Refresh || cacheDisabled)
        {
            return null;
        }

        SourceEntry? entry;
        try
        {
            entry = store.ReadSource(key);
        }
        catch (IOException e)
        {
            Disable(e is CacheRefusedException ? $"not using the credentials cache: {SystemErrors.Describe(e)}; going on without it" : $"cannot read the credentials cache: {SystemErrors.Describe(e)}; going on without it");
            return null;
        }

        if (entry is null)
        {
            return null;
        }

        var expiration = entry.Credentials.Expiration!.Value;
        if (!CacheFreshness.IsFresh(expiration, time.GetUtcNow(), margin))
        {
            log.Debug($"cached SSO role credentials expire at {Iso8601.Format(expiration)}: not used");
            return null;
        }

        log.Debug($"cached SSO role credentials used, expiring at {Iso8601.Format(expiration)}");
        log.Secret(entry.Credentials.SecretAccessKey);
        log.Secret(entry.Credentials.SessionToken);
        return entry.Credentials;
    }

    private async Task<IDisposable?> LockAsync(string key, CancellationToken cancellationToken)
    {
        if (store is null || settings is null || cacheDisabled)
        {
            return null;
        }

        try
        {
            var held = await store.LockAsync(key, settings.LockWait, cancellationToken).ConfigureAwait(false);
            if (held is null)
            {
                Disable($"another aws-assume-role has been asking IAM Identity Center for these credentials for {Durations.Describe((int)settings.LockWait.TotalSeconds)}; going on without the cache");
            }

            return held;
        }
        catch (IOException e)
        {
            Disable(e is CacheRefusedException ? $"not using the credentials cache: {SystemErrors.Describe(e)}; going on without it" : $"cannot write the credentials cache: {SystemErrors.Describe(e)}; going on without it");
            return null;
        }
    }

    // Refreshing the token in the AWS CLI's cache file, one run at a time (held in the tool's own
    // cache folder: the AWS CLI's folder gets nothing but the token file).
    private Func<CancellationToken, Task<IDisposable?>>? RefreshLock(SsoSource sso)
    {
        if (store is null || settings is null || cacheDisabled)
        {
            return null;
        }

        var key = CacheKeys.ForSsoTokenRefresh(SsoTokenCache.FileName(sso.Session));
        return async cancellationToken =>
        {
            try
            {
                return await store.LockAsync(key, settings.LockWait, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return null;
            }
        };
    }

    private void Disable(string warning)
    {
        if (!cacheDisabled)
        {
            cacheDisabled = true;
            log.Warning(warning);
        }
    }

    private AssumeRoleException Failure(StsException e)
    {
        var context = $"SSO GetRoleCredentials for account {source.AccountId}, role {source.RoleName} (profile {Text.PrintableText.Escape(source.ProfileName)})";
        var hint = e.ErrorCode switch
        {
            "UnauthorizedException" => SsoAccessTokens.LoginHint(source),
            "ForbiddenException" or "ResourceNotFoundException" => $"check that your IAM Identity Center user is assigned the permission set {source.RoleName} in account {source.AccountId} (aws sso list-account-roles shows what you may use)",
            "TooManyRequestsException" => "IAM Identity Center is throttling: wait a moment and try again",
            _ when e.Unreachable => $"check that {portal.Describe()} can be reached (sso_region, AWS_ENDPOINT_URL_SSO)",
            _ => null,
        };
        var message = e.ErrorCode == "UnauthorizedException"
            ? $"{context}: {e.ErrorCode}: the SSO session is no longer valid ({e.Message})"
            : $"{context}: {e.ErrorCode}: {e.Message}";
        return AssumeRoleException.AwsFailure(message, hint, e);
    }
}
