using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sso;

namespace AwsAssumeRole.Core.Tests.Sso;

public sealed class SsoTokenCacheTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("aar-sso-cache-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("my-sso", null)]
    [InlineData(null, "https://my-sso-portal.awsapps.com/start")]
    public void FileName_is_the_SHA1_of_the_session_name_else_of_the_start_URL(string? session, string? startUrl)
    {
        // Arrange
        var sso = new SsoSession(startUrl ?? "https://ignored.awsapps.com/start", "eu-west-1", session, []);
#pragma warning disable CA5350 // The AWS CLI names the file so.
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(session ?? startUrl!))) + ".json";
#pragma warning restore CA5350

        // Act
        var name = SsoTokenCache.FileName(sso);

        // Assert
        Assert.Equal(expected, name);
    }

    [Theory]
    [InlineData("2026-11-29T01:02:03Z")]
    [InlineData("2026-11-29T01:02:03UTC")]
    [InlineData("2026-11-29T01:02:03+00:00")]
    [InlineData("2026-11-29T02:02:03+01:00")]
    [InlineData("2026-11-29T01:02:03.000Z")]
    public void ParseTime_reads_the_times_the_AWS_CLI_writes(string text)
    {
        // Act
        var time = SsoToken.ParseTime(text);

        // Assert
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero), time);
    }

    [Fact]
    public void Write_then_Read_keeps_every_field_in_a_0600_file()
    {
        // Arrange
        var cache = new SsoTokenCache(Path.Combine(folder, "new", "cache"));
        var session = new SsoSession("https://corp.awsapps.com/start", "eu-west-1", "corp", []);
        var token = new SsoToken("access", new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero))
        {
            StartUrl = session.StartUrl,
            Region = "eu-west-1",
            ClientId = "id",
            ClientSecret = "secret",
            RegistrationExpiresAt = "2027-01-01T00:00:00Z",
            RefreshToken = "refresh",
        };

        // Act
        cache.Write(session, token);
        var read = cache.Read(session);

        // Assert
        Assert.Equal(token, read);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(cache.PathOf(session)));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cache.Directory));
        }

        Assert.Equal("""{"startUrl":"https://corp.awsapps.com/start","region":"eu-west-1","accessToken":"access","expiresAt":"2026-11-29T01:02:03Z","clientId":"id","clientSecret":"secret","registrationExpiresAt":"2027-01-01T00:00:00Z","refreshToken":"refresh"}""", File.ReadAllText(cache.PathOf(session)));
    }

    [Theory]
    [InlineData("""{"accessToken":"a"}""")]
    [InlineData("""{"expiresAt":"2026-11-29T01:02:03Z"}""")]
    [InlineData("""{"accessToken":"a","expiresAt":"tomorrow"}""")]
    [InlineData("not json")]
    public void Read_refuses_a_file_that_is_not_a_token_without_quoting_it(string content)
    {
        // Arrange
        var cache = new SsoTokenCache(folder);
        var session = new SsoSession("https://x", "eu-west-1", "s", []);
        File.WriteAllText(cache.PathOf(session), content);

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => cache.Read(session));

        // Assert
        Assert.Equal($"the SSO token cache file {cache.PathOf(session)} is not a token the AWS CLI wrote (no accessToken, or no expiresAt it can read)", error.Message);
    }
}
