using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Sso;

/// <summary>
/// The IAM Identity Center calls the tool makes: the portal's <c>GetRoleCredentials</c>, and the
/// OIDC service's <c>CreateToken</c> (refresh and device grants), <c>RegisterClient</c> and
/// <c>StartDeviceAuthorization</c>. Failures are <see cref="StsException"/>s carrying the
/// service's error code (<c>UnauthorizedException</c>, <c>AuthorizationPendingException</c>, ...)
/// or a network word (<c>TimedOut</c>, <c>EndpointUnreachable</c>, ...).
/// </summary>
public interface ISsoService
{
    /// <summary>The role's credentials for the bearer of <paramref name="accessToken"/>.</summary>
    Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken);

    /// <summary>A new access token for a refresh token (grant <c>refresh_token</c>).</summary>
    Task<SsoTokenGrant> RefreshTokenAsync(SsoClientRegistration client, string refreshToken, CancellationToken cancellationToken);

    /// <summary>Registers a public client named <paramref name="clientName"/> with <paramref name="scopes"/>.</summary>
    Task<SsoClientRegistration> RegisterClientAsync(string clientName, IReadOnlyList<string> scopes, CancellationToken cancellationToken);

    /// <summary>Starts a device login at <paramref name="startUrl"/>.</summary>
    Task<SsoDeviceAuthorization> StartDeviceAuthorizationAsync(SsoClientRegistration client, string startUrl, CancellationToken cancellationToken);

    /// <summary>Asks for the token of a device login (grant <c>urn:ietf:params:oauth:grant-type:device_code</c>).</summary>
    Task<SsoTokenGrant> CreateDeviceTokenAsync(SsoClientRegistration client, string deviceCode, CancellationToken cancellationToken);
}

/// <summary>An access token CreateToken returned. <see cref="ToString"/> shows no secret.</summary>
/// <param name="AccessToken">The bearer token.</param>
/// <param name="ExpiresIn">How long it is valid.</param>
/// <param name="RefreshToken">A refresh token, when one came.</param>
public sealed record SsoTokenGrant(string AccessToken, TimeSpan ExpiresIn, string? RefreshToken)
{
    /// <inheritdoc />
    public override string ToString() => $"SsoTokenGrant {{ ExpiresIn = {ExpiresIn} }}";
}

/// <summary>A registered OIDC client. <see cref="ToString"/> shows no secret.</summary>
/// <param name="ClientId">Its ID.</param>
/// <param name="ClientSecret">Its secret.</param>
/// <param name="ExpiresAt">When the registration expires.</param>
public sealed record SsoClientRegistration(string ClientId, string ClientSecret, DateTimeOffset ExpiresAt)
{
    /// <inheritdoc />
    public override string ToString() => $"SsoClientRegistration {{ ExpiresAt = {SsoToken.FormatTime(ExpiresAt)} }}";
}

/// <summary>A device login under way: what the person must open and type, and how to poll.</summary>
/// <param name="DeviceCode">The code the tool polls with (a secret).</param>
/// <param name="UserCode">The code the person checks in the browser.</param>
/// <param name="VerificationUri">The page to open.</param>
/// <param name="VerificationUriComplete">The page with the code filled in, when given.</param>
/// <param name="ExpiresIn">How long the login may take.</param>
/// <param name="Interval">How long to wait between polls.</param>
public sealed record SsoDeviceAuthorization(string DeviceCode, string UserCode, string VerificationUri, string? VerificationUriComplete, TimeSpan ExpiresIn, TimeSpan Interval)
{
    /// <inheritdoc />
    public override string ToString() => $"SsoDeviceAuthorization {{ UserCode = {UserCode}, VerificationUri = {VerificationUri} }}";
}
