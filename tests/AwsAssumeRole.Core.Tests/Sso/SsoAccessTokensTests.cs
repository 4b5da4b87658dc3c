using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sso;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Tests.Chain;
using Microsoft.Extensions.Time.Testing;

namespace AwsAssumeRole.Core.Tests.Sso;

public sealed class SsoAccessTokensTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly string folder = Directory.CreateTempSubdirectory("aar-sso-tokens-").FullName;
    private readonly FakeTimeProvider time = new(Now);
    private readonly SsoSession session = new("https://corp.awsapps.com/start", "eu-west-1", "corp", []);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>
    /// Runs started together without a lock (--no-cache) all find the token due; a refresh token is
    /// good for one refresh, so all but the first are refused: the file, refreshed by the first, is the answer.
    /// </summary>
    [Fact]
    public async Task GetAsync_uses_the_token_another_run_refreshed_when_its_own_refresh_is_refused()
    {
        // Arrange: an expired token that can be refreshed; the service refuses the refresh after
        // "another run" has written its fresh token to the file
        var cache = new SsoTokenCache(folder);
        cache.Write(session, Token("old-access", Now.AddMinutes(-1)));
        var service = new RefusingService(() => cache.Write(session, Token("theirs-access", Now.AddHours(8))));
        var tokens = new SsoAccessTokens(cache, service, time, new RecordingChainLog());

        // Act
        var token = await tokens.GetAsync(new SsoSource(session, "123456789012", "Admin", "dev-sso"), lockRefresh: null, CancellationToken.None);

        // Assert
        Assert.Equal(1, service.Refreshes);
        Assert.Equal("theirs-access", token);
    }

    [Fact]
    public async Task GetAsync_fails_naming_the_login_when_the_refresh_is_refused_and_nobody_refreshed_it()
    {
        // Arrange
        var cache = new SsoTokenCache(folder);
        cache.Write(session, Token("old-access", Now.AddMinutes(-1)));
        var tokens = new SsoAccessTokens(cache, new RefusingService(() => { }), time, new RecordingChainLog());

        // Act
        var error = await Assert.ThrowsAsync<Core.Errors.AssumeRoleException>(() =>
            tokens.GetAsync(new SsoSource(session, "123456789012", "Admin", "dev-sso"), lockRefresh: null, CancellationToken.None));

        // Assert
        Assert.StartsWith("the SSO token of sso-session 'corp' expired at", error.Message, StringComparison.Ordinal);
        Assert.Equal("sign in again: aws sso login --profile dev-sso (or aws-assume-role sso login --profile dev-sso)", error.Hint);
    }

    private SsoToken Token(string access, DateTimeOffset expiresAt) => new(access, expiresAt)
    {
        StartUrl = session.StartUrl,
        Region = session.Region,
        ClientId = "client",
        ClientSecret = "client-secret",
        RegistrationExpiresAt = "2027-06-01T00:00:00Z",
        RefreshToken = "refresh-" + access,
    };

    private sealed class RefusingService(Action beforeRefusing) : ISsoService
    {
        public int Refreshes { get; private set; }

        public Task<SsoTokenGrant> RefreshTokenAsync(SsoClientRegistration client, string refreshToken, CancellationToken cancellationToken)
        {
            Refreshes++;
            beforeRefusing();
            return Task.FromException<SsoTokenGrant>(new StsException("InvalidGrantException", "Invalid grant provided", unreachable: false));
        }

        public Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SsoClientRegistration> RegisterClientAsync(string clientName, IReadOnlyList<string> scopes, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SsoDeviceAuthorization> StartDeviceAuthorizationAsync(SsoClientRegistration client, string startUrl, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SsoTokenGrant> CreateDeviceTokenAsync(SsoClientRegistration client, string deviceCode, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
