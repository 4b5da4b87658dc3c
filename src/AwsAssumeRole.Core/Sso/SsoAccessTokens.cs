using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Sso;

/// <summary>
/// The access token of an SSO sign-in, from the AWS CLI's token cache, refreshed as botocore's
/// <c>SSOTokenProvider</c> refreshes it: a token of an <c>[sso-session]</c> with less than
/// <see cref="RefreshWindow"/> left is renewed with SSO-OIDC <c>CreateToken</c> (grant
/// <c>refresh_token</c>) when the file holds a refresh token and a client registration that has
/// not expired, and the new token is written back to the same file. A refresh that fails leaves a
/// still-valid token in use (with a warning). A legacy profile's token (no <c>[sso-session]</c>) is
/// never refreshed. A missing token, or an expired one that cannot be refreshed, fails before any
/// call (exit 2) naming the login command.
/// </summary>
public sealed class SsoAccessTokens(SsoTokenCache cache, ISsoService service, TimeProvider time, IChainLog log)
{
    /// <summary>botocore's window: a token with less left than this is refreshed.</summary>
    public static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A valid access token for <paramref name="source"/>'s sign-in. <paramref name="lockRefresh"/>,
    /// when given, is held while refreshing (another run may have refreshed the file meanwhile: it is
    /// read again under the lock).
    /// </summary>
    public async Task<string> GetAsync(SsoSource source, Func<CancellationToken, Task<IDisposable?>>? lockRefresh, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var session = source.Session;
        var token = Read(source);
        var now = time.GetUtcNow();
        if (session.SessionName is null || token.ExpiresAt - now >= RefreshWindow)
        {
            return Valid(source, token, now, "a legacy profile's token (sso_start_url in the profile, no sso_session) is not refreshed");
        }

        if (!token.CanRefresh(now))
        {
            log.Debug($"the SSO token of {session.Describe()} expires at {SsoToken.FormatTime(token.ExpiresAt)}: not refreshed, {token.WhyNoRefresh(now)}");
            return Valid(source, token, now, token.WhyNoRefresh(now));
        }

        using (lockRefresh is null ? null : await lockRefresh(cancellationToken).ConfigureAwait(false))
        {
            // Another run may have refreshed it while this one waited.
            token = Read(source);
            now = time.GetUtcNow();
            if (token.ExpiresAt - now >= RefreshWindow || !token.CanRefresh(now))
            {
                return Valid(source, token, now, token.WhyNoRefresh(now));
            }

            SsoTokenGrant grant;
            try
            {
                var registration = new SsoClientRegistration(token.ClientId!, token.ClientSecret!, SsoToken.ParseTime(token.RegistrationExpiresAt)!.Value);
                grant = await service.RefreshTokenAsync(registration, token.RefreshToken!, cancellationToken).ConfigureAwait(false);
            }
            catch (StsException e)
            {
                // Another run may have refreshed the same token meanwhile (without the lock, as with
                // --no-cache): a refresh token is good for one refresh, so the file is the answer.
                if (cache.Read(session) is { } current && current.AccessToken != token.AccessToken && current.ExpiresAt - time.GetUtcNow() >= RefreshWindow)
                {
                    log.Debug($"the SSO token of {session.Describe()} was refreshed by another run meanwhile; using that one");
                    log.Secret(current.AccessToken);
                    log.Secret(current.RefreshToken);
                    return current.AccessToken;
                }

                if (token.ExpiresAt > now)
                {
                    log.Warning($"could not refresh the SSO token of {session.Describe()} ({e.ErrorCode}: {e.Message}); using it while it lasts, until {SsoToken.FormatTime(token.ExpiresAt)}");
                    return token.AccessToken;
                }

                throw new AssumeRoleException(
                    ExitCodes.AwsFailure,
                    $"the SSO token of {session.Describe()} expired at {SsoToken.FormatTime(token.ExpiresAt)} and refreshing it failed: {e.ErrorCode}: {e.Message}",
                    LoginHint(source),
                    e);
            }

            log.Secret(grant.AccessToken);
            log.Secret(grant.RefreshToken);
            var refreshed = new SsoToken(grant.AccessToken, time.GetUtcNow() + grant.ExpiresIn)
            {
                StartUrl = session.StartUrl,
                Region = session.Region,
                ClientId = token.ClientId,
                ClientSecret = token.ClientSecret,
                RegistrationExpiresAt = token.RegistrationExpiresAt,
                RefreshToken = grant.RefreshToken,
            };
            try
            {
                cache.Write(session, refreshed);
                log.Debug($"refreshed the SSO token of {session.Describe()} in {cache.PathOf(session)}, valid until {SsoToken.FormatTime(refreshed.ExpiresAt)}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Warning($"refreshed the SSO token of {session.Describe()} but could not write it to {cache.PathOf(session)}: {SystemErrors.Describe(e)}");
            }

            return refreshed.AccessToken;
        }
    }

    /// <summary>The hint naming the login command for <paramref name="source"/>'s profile.</summary>
    public static string LoginHint(SsoSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var profile = Text.PrintableText.Escape(source.ProfileName);
        return $"sign in again: aws sso login --profile {profile} (or aws-assume-role sso login --profile {profile})";
    }

    private SsoToken Read(SsoSource source)
    {
        var token = cache.Read(source.Session)
            ?? throw AssumeRoleException.BadInput(
                $"no SSO token for {source.Session.Describe()} in {cache.Directory}: not signed in",
                LoginHint(source));
        log.Secret(token.AccessToken);
        log.Secret(token.RefreshToken);
        log.Secret(token.ClientSecret);
        return token;
    }

    private static string Valid(SsoSource source, SsoToken token, DateTimeOffset now, string whyNotRefreshed) =>
        token.ExpiresAt > now
            ? token.AccessToken
            : throw AssumeRoleException.BadInput(
                $"the SSO token of {source.Session.Describe()} expired at {Iso8601.Format(token.ExpiresAt)} and cannot be refreshed: {whyNotRefreshed}",
                LoginHint(source));
}
