using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Sso;

/// <summary>
/// The IAM Identity Center device login, as <c>aws sso login</c> does it: <c>RegisterClient</c> (a
/// public client, with the <c>[sso-session]</c>'s scopes), <c>StartDeviceAuthorization</c> at the
/// start URL, then <c>CreateToken</c> with the device code every <c>interval</c> seconds while the
/// answer is <c>authorization_pending</c>, five seconds slower after each <c>slow_down</c> (RFC 8628),
/// until the person approves in the browser, denies, or the code expires. The token is written to
/// the AWS CLI's token cache as the CLI writes it (with the registration and refresh token for an
/// <c>[sso-session]</c>, so that it can be refreshed), for either tool to use.
/// </summary>
/// <param name="service">The IAM Identity Center calls.</param>
/// <param name="cache">The AWS CLI's token cache.</param>
/// <param name="time">The clock.</param>
/// <param name="wait">Waits between polls (<see cref="Task.Delay(TimeSpan, CancellationToken)"/>; tests record instead).</param>
/// <param name="log">Debug lines.</param>
public sealed class SsoLogin(ISsoService service, SsoTokenCache cache, TimeProvider time, Func<TimeSpan, CancellationToken, Task> wait, IChainLog log)
{
    /// <summary>How much longer to wait after each <c>slow_down</c> (RFC 8628, section 3.5).</summary>
    public static readonly TimeSpan SlowDownStep = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Signs in to <paramref name="session"/>; <paramref name="show"/> is called once with what the
    /// person must open and check. Returns the token written.
    /// </summary>
    public async Task<SsoToken> RunAsync(SsoSession session, Func<SsoDeviceAuthorization, Task> show, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(show);
        var client = await Call("RegisterClient", () => service.RegisterClientAsync(ClientName(session), session.Scopes, cancellationToken)).ConfigureAwait(false);
        log.Secret(client.ClientSecret);
        var authorization = await Call("StartDeviceAuthorization", () => service.StartDeviceAuthorizationAsync(client, session.StartUrl, cancellationToken)).ConfigureAwait(false);
        log.Secret(authorization.DeviceCode);
        await show(authorization).ConfigureAwait(false);

        var deadline = time.GetUtcNow() + authorization.ExpiresIn;
        var interval = authorization.Interval;
        SsoTokenGrant grant;
        while (true)
        {
            await wait(interval, cancellationToken).ConfigureAwait(false);
            if (time.GetUtcNow() >= deadline)
            {
                throw AssumeRoleException.AwsFailure("the SSO login was not approved in time: the code expired", "run the login again and approve it in the browser");
            }

            try
            {
                grant = await service.CreateDeviceTokenAsync(client, authorization.DeviceCode, cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (StsException e) when (e.ErrorCode is "AuthorizationPendingException" or "authorization_pending")
            {
                log.Debug("SSO login: not approved yet");
            }
            catch (StsException e) when (e.ErrorCode is "SlowDownException" or "slow_down")
            {
                interval += SlowDownStep;
                log.Debug($"SSO login: asked to slow down, polling every {interval.TotalSeconds:0}s");
            }
            catch (StsException e)
            {
                throw e.ErrorCode switch
                {
                    "AccessDeniedException" or "access_denied" => AssumeRoleException.AwsFailure("the SSO login was denied in the browser", null, e),
                    "ExpiredTokenException" or "expired_token" => AssumeRoleException.AwsFailure("the SSO login was not approved in time: the code expired", "run the login again and approve it in the browser", e),
                    _ => Failure("CreateToken", e),
                };
            }
        }

        log.Secret(grant.AccessToken);
        log.Secret(grant.RefreshToken);
        var token = new SsoToken(grant.AccessToken, time.GetUtcNow() + grant.ExpiresIn) { StartUrl = session.StartUrl, Region = session.Region };
        if (session.SessionName is not null)
        {
            // What lets the token be refreshed later, by this tool or the AWS CLI.
            token = token with
            {
                ClientId = client.ClientId,
                ClientSecret = client.ClientSecret,
                RegistrationExpiresAt = SsoToken.FormatTime(client.ExpiresAt),
                RefreshToken = grant.RefreshToken,
            };
        }

        try
        {
            cache.Write(session, token);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AssumeRoleException(ExitCodes.AwsFailure, $"signed in, but cannot write the token to {cache.PathOf(session)}: {SystemErrors.Describe(e)}", null, e);
        }

        return token;
    }

    private static string ClientName(SsoSession session) =>
        session.SessionName is { } name ? $"aws-assume-role-{new string([.. name.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')])}" : "aws-assume-role";

    private static async Task<T> Call<T>(string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (StsException e)
        {
            throw Failure(operation, e);
        }
    }

    private static AssumeRoleException Failure(string operation, StsException e) =>
        AssumeRoleException.AwsFailure($"SSO login: {operation}: {e.ErrorCode}: {e.Message}", e.Unreachable ? "check sso_region and AWS_ENDPOINT_URL_SSO_OIDC" : null, e);
}
