using Amazon;
using Amazon.Runtime;
using Amazon.SSO;
using Amazon.SSO.Model;
using Amazon.SSOOIDC;
using Amazon.SSOOIDC.Model;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Sso;

/// <summary>
/// The IAM Identity Center calls through the official AWS SDK clients (<c>AWSSDK.SSO</c>,
/// <c>AWSSDK.SSOOIDC</c>), built explicitly per call like the STS client: the SDK's own SSO
/// credential provider is not used (it finds its settings and builds its clients itself, by
/// reflection under Native AOT). Every call is unsigned (the token, or the client secret, is the
/// credential), goes through the run's <paramref name="transport"/> (timeouts, size limit, no
/// redirects, CA bundle), and is retried by the SDK's standard mode.
/// </summary>
public sealed class SdkSsoService(SsoEndpoint portal, SsoEndpoint oidc, StsTransport transport, IChainLog? debug = null) : ISsoService
{
    private const string RefreshGrant = "refresh_token";
    private const string DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";

    /// <inheritdoc />
    public async Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken)
    {
        using var client = new AmazonSSOClient(new AnonymousAWSCredentials(), Configure(new AmazonSSOConfig(), portal));
        debug?.Debug($"SSO GetRoleCredentials for account {accountId}, role {roleName} at {portal.Describe()}");
        var request = new GetRoleCredentialsRequest { AccessToken = accessToken, AccountId = accountId, RoleName = roleName };
        var response = await Call(portal, () => client.GetRoleCredentialsAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        var issued = response.RoleCredentials;
        if (issued is null || string.IsNullOrEmpty(issued.AccessKeyId) || string.IsNullOrEmpty(issued.SecretAccessKey) || string.IsNullOrEmpty(issued.SessionToken) || issued.Expiration is not { } expiration)
        {
            throw new StsException("InvalidResponse", "GetRoleCredentials returned no complete credentials", unreachable: false);
        }

        return new AwsCredentials(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, DateTimeOffset.FromUnixTimeMilliseconds(expiration));
    }

    /// <inheritdoc />
    public async Task<SsoTokenGrant> RefreshTokenAsync(SsoClientRegistration client, string refreshToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        debug?.Debug($"SSO-OIDC CreateToken (refresh_token) at {oidc.Describe()}");
        return await CreateTokenAsync(new CreateTokenRequest { ClientId = client.ClientId, ClientSecret = client.ClientSecret, GrantType = RefreshGrant, RefreshToken = refreshToken }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SsoTokenGrant> CreateDeviceTokenAsync(SsoClientRegistration client, string deviceCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        debug?.Debug($"SSO-OIDC CreateToken (device_code) at {oidc.Describe()}");
        return await CreateTokenAsync(new CreateTokenRequest { ClientId = client.ClientId, ClientSecret = client.ClientSecret, GrantType = DeviceGrant, DeviceCode = deviceCode }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SsoClientRegistration> RegisterClientAsync(string clientName, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        using var client = OidcClient();
        debug?.Debug($"SSO-OIDC RegisterClient {clientName} at {oidc.Describe()}");
        var request = new RegisterClientRequest { ClientName = clientName, ClientType = "public" };
        if (scopes.Count > 0)
        {
            request.Scopes = [.. scopes];
        }

        var response = await Call(oidc, () => client.RegisterClientAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(response.ClientId) || string.IsNullOrEmpty(response.ClientSecret) || response.ClientSecretExpiresAt is not { } expires
            ? throw new StsException("InvalidResponse", "RegisterClient returned no client", unreachable: false)
            : new SsoClientRegistration(response.ClientId, response.ClientSecret, DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    /// <inheritdoc />
    public async Task<SsoDeviceAuthorization> StartDeviceAuthorizationAsync(SsoClientRegistration client, string startUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var oidcClient = OidcClient();
        debug?.Debug($"SSO-OIDC StartDeviceAuthorization at {oidc.Describe()}");
        var request = new StartDeviceAuthorizationRequest { ClientId = client.ClientId, ClientSecret = client.ClientSecret, StartUrl = startUrl };
        var response = await Call(oidc, () => oidcClient.StartDeviceAuthorizationAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(response.DeviceCode) || string.IsNullOrEmpty(response.UserCode) || string.IsNullOrEmpty(response.VerificationUri)
            ? throw new StsException("InvalidResponse", "StartDeviceAuthorization returned no device code", unreachable: false)
            : new SsoDeviceAuthorization(
                response.DeviceCode,
                response.UserCode,
                response.VerificationUri,
                string.IsNullOrEmpty(response.VerificationUriComplete) ? null : response.VerificationUriComplete,
                TimeSpan.FromSeconds(response.ExpiresIn ?? 600),
                TimeSpan.FromSeconds(response.Interval is > 0 ? response.Interval.Value : 5));
    }

    private async Task<SsoTokenGrant> CreateTokenAsync(CreateTokenRequest request, CancellationToken cancellationToken)
    {
        using var client = OidcClient();
        var response = await Call(oidc, () => client.CreateTokenAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(response.AccessToken) || response.ExpiresIn is not { } expiresIn
            ? throw new StsException("InvalidResponse", "CreateToken returned no access token", unreachable: false)
            : new SsoTokenGrant(response.AccessToken, TimeSpan.FromSeconds(expiresIn), string.IsNullOrEmpty(response.RefreshToken) ? null : response.RefreshToken);
    }

    private AmazonSSOOIDCClient OidcClient() => new(new AnonymousAWSCredentials(), Configure(new AmazonSSOOIDCConfig(), oidc));

    private T Configure<T>(T config, SsoEndpoint endpoint)
        where T : ClientConfig
    {
        config.RetryMode = RequestRetryMode.Standard;
        config.MaxErrorRetry = 2;
        config.HttpClientFactory = transport.HttpClientFactory;
        SdkSettings.Pin(config);
        if (endpoint.EndpointUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = endpoint.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(endpoint.Region);
        }

        return config;
    }

    private async Task<TResponse> Call<TResponse>(SsoEndpoint endpoint, Func<Task<TResponse>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw StsFailures.Explain(e, endpoint.Describe(), endpoint.ServiceUri, endpoint.ServiceId == SsoEndpoint.Portal ? "SSO" : "SSO-OIDC", transport);
        }
    }
}
