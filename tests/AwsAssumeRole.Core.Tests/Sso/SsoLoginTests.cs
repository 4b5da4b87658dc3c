using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sso;
using AwsAssumeRole.Core.Sts;
using Microsoft.Extensions.Time.Testing;

namespace AwsAssumeRole.Core.Tests.Sso;

public sealed class SsoLoginTests : IDisposable
{
    private static readonly SsoSession Session = new("https://corp.awsapps.com/start", "eu-west-1", "corp", ["sso:account:access"]);
    private readonly string folder = Directory.CreateTempSubdirectory("aar-sso-login-").FullName;
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
    private readonly List<TimeSpan> waits = [];

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private SsoLogin Login(ScriptedSsoService service) => new(service, new SsoTokenCache(folder), time, (delay, _) =>
    {
        waits.Add(delay);
        time.Advance(delay);
        return Task.CompletedTask;
    }, new SilentChainLog());

    [Fact]
    public async Task RunAsync_polls_at_the_interval_and_five_seconds_slower_after_each_slow_down()
    {
        // Arrange
        var service = new ScriptedSsoService(TimeSpan.FromMinutes(10), "AuthorizationPendingException", "SlowDownException", "AuthorizationPendingException", "SlowDownException", null);

        // Act
        var token = await Login(service).RunAsync(Session, _ => Task.CompletedTask, CancellationToken.None);

        // Assert
        Assert.Equal([2, 2, 7, 7, 12], waits.Select(w => (int)w.TotalSeconds));
        Assert.Equal(("access", "refresh", "client", "secret"), (token.AccessToken, token.RefreshToken, token.ClientId, token.ClientSecret));
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromHours(8), token.ExpiresAt);
        var written = new SsoTokenCache(folder).Read(Session)!;
        Assert.Equal(token with { }, written with { ExpiresAt = token.ExpiresAt });
        Assert.Equal("2027-02-27T10:00:00Z", written.RegistrationExpiresAt);
    }

    [Theory]
    [InlineData("AccessDeniedException", "the SSO login was denied in the browser")]
    [InlineData("ExpiredTokenException", "the SSO login was not approved in time: the code expired")]
    public async Task RunAsync_ends_with_exit_1_when_the_login_is_denied_or_expires(string code, string message)
    {
        // Arrange
        var service = new ScriptedSsoService(TimeSpan.FromMinutes(10), "AuthorizationPendingException", code);

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(() => Login(service).RunAsync(Session, _ => Task.CompletedTask, CancellationToken.None));

        // Assert
        Assert.Equal((ExitCodes.AwsFailure, message), (error.ExitCode, error.Message));
        Assert.Null(new SsoTokenCache(folder).Read(Session));
    }

    [Fact]
    public async Task RunAsync_stops_polling_when_the_code_has_expired()
    {
        // Arrange: the code lasts 10 s, polls every 2 s, never approved.
        var service = new ScriptedSsoService(TimeSpan.FromSeconds(10), [.. Enumerable.Repeat<string?>("AuthorizationPendingException", 20)]);

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(() => Login(service).RunAsync(Session, _ => Task.CompletedTask, CancellationToken.None));

        // Assert
        Assert.Equal("the SSO login was not approved in time: the code expired", error.Message);
        Assert.Equal(5, waits.Count);
    }

    /// <summary>CreateToken answers each error code in turn (null: the token).</summary>
    private sealed class ScriptedSsoService(TimeSpan expiresIn, params string?[] answers) : ISsoService
    {
        private int polls;

        public Task<AwsCredentials> GetRoleCredentialsAsync(string accessToken, string accountId, string roleName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SsoTokenGrant> RefreshTokenAsync(SsoClientRegistration client, string refreshToken, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<SsoClientRegistration> RegisterClientAsync(string clientName, IReadOnlyList<string> scopes, CancellationToken cancellationToken) =>
            Task.FromResult(new SsoClientRegistration("client", "secret", new DateTimeOffset(2027, 2, 27, 10, 0, 0, TimeSpan.Zero)));

        public Task<SsoDeviceAuthorization> StartDeviceAuthorizationAsync(SsoClientRegistration client, string startUrl, CancellationToken cancellationToken) =>
            Task.FromResult(new SsoDeviceAuthorization("device", "ABCD-EFGH", "https://device.example/", null, expiresIn, TimeSpan.FromSeconds(2)));

        public Task<SsoTokenGrant> CreateDeviceTokenAsync(SsoClientRegistration client, string deviceCode, CancellationToken cancellationToken)
        {
            var answer = polls < answers.Length ? answers[polls] : null;
            polls++;
            return answer is null
                ? Task.FromResult(new SsoTokenGrant("access", TimeSpan.FromHours(8), "refresh"))
                : throw new StsException(answer, "scripted", unreachable: false);
        }
    }
}
