using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sources;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Sources;

public sealed class SourceCredentialProviderTests
{
    private static readonly StsEndpoint Endpoint = new(null, new Uri("http://127.0.0.1:9"));
    private static readonly KeyValuePair<string, string>[] GuardVariables = [new("AWS_ASSUME_ROLE_DEPTH", "1")];

    private static SourceCredentials Resolve(CredentialSource source, FakeProcessEnvironment environment)
    {
        using var transport = new StsTransport(new StsTransportOptions(), TimeProvider.System);
        return new SourceCredentialProvider(environment, Endpoint, GuardVariables, () => transport).Resolve(new ProfileChain(source, [], "eu-west-1", null, null));
    }

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("new-token", null, null, "new-token")]
    [InlineData("new-token", "old-token", null, "old-token")]
    [InlineData(null, null, "2026-11-29T01:02:03Z", null)]
    [InlineData("t", null, "2026-11-29T02:02:03+01:00", "t")]
    public void Environment_keys_are_read_as_the_AWS_CLI_reads_them_and_keep_their_expiry(string? sessionToken, string? securityToken, string? expiration, string? expectedToken)
    {
        // Arrange
        var environment = new FakeProcessEnvironment(
            ("AWS_ACCESS_KEY_ID", "AKIAENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
            ("AWS_SESSION_TOKEN", sessionToken ?? string.Empty),
            ("AWS_SECURITY_TOKEN", securityToken ?? string.Empty),
            ("AWS_CREDENTIAL_EXPIRATION", expiration ?? string.Empty));

        // Act
        var source = Resolve(new CredentialSource(SourceKind.EnvironmentVariables, "environment variables"), environment);

        // Assert
        Assert.Equal(("AKIAENV", "env-secret", expectedToken), (source.Credentials.AccessKeyId, source.Credentials.SecretAccessKey, source.Credentials.SessionToken));
        Assert.Equal(expiration is null ? null : new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero), source.Credentials.Expiration);
        Assert.Equal(("environment variables", "eu-west-1"), (source.Description, source.ProfileRegion));
        Assert.Empty(environment.Sets);
    }

    [Theory]
    [InlineData(null, "no source credentials in environment variables (credential_source Environment of profile 'a')")]
    [InlineData("AKIAENV", "environment variables (credential_source Environment of profile 'a'): AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")]
    public void Missing_environment_keys_fail_saying_which(string? accessKey, string expected)
    {
        // Arrange
        var environment = new FakeProcessEnvironment(("AWS_ACCESS_KEY_ID", accessKey ?? string.Empty));

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => Resolve(new CredentialSource(SourceKind.EnvironmentVariables, "environment variables (credential_source Environment of profile 'a')"), environment));

        // Assert
        Assert.Equal((ExitCodes.AwsFailure, expected), (error.ExitCode, error.Message));
    }

    [Fact]
    public void A_bad_AWS_CREDENTIAL_EXPIRATION_is_bad_input()
    {
        // Arrange
        var environment = new FakeProcessEnvironment(("AWS_ACCESS_KEY_ID", "AKIAENV"), ("AWS_SECRET_ACCESS_KEY", "s"), ("AWS_CREDENTIAL_EXPIRATION", "tomorrow"));

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => Resolve(new CredentialSource(SourceKind.EnvironmentVariables, "environment variables"), environment));

        // Assert
        Assert.Equal((ExitCodes.BadInput, "invalid AWS_CREDENTIAL_EXPIRATION 'tomorrow': expected an ISO 8601 time such as 2026-11-29T01:02:03Z"), (error.ExitCode, error.Message));
    }

    [Fact]
    public void Keys_from_a_profile_are_used_as_they_are()
    {
        // Arrange
        var keys = new AwsCredentials("AKIAPROFILE", "secret", "token", null);

        // Act
        var source = Resolve(new CredentialSource(SourceKind.StaticKeys, "profile 'p'") { Keys = keys }, new FakeProcessEnvironment());

        // Assert
        Assert.Same(keys, source.Credentials);
    }

    [Fact]
    public void No_credentials_anywhere_is_one_line_saying_where_the_tool_looked_and_a_hint()
    {
        // Arrange
        var source = new CredentialSource(SourceKind.None, "nowhere") { NotFound = "environment variables (no AWS_ACCESS_KEY_ID), profile 'default' (not in a or b)" };

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => Resolve(source, new FakeProcessEnvironment()));

        // Assert
        Assert.Equal(ExitCodes.AwsFailure, error.ExitCode);
        Assert.Equal("no source credentials found; looked in environment variables (no AWS_ACCESS_KEY_ID), profile 'default' (not in a or b)", error.Message);
        Assert.Equal("set AWS_PROFILE (or give --profile NAME) to a profile with credentials, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", error.Hint);
    }

    [Fact]
    public async Task A_credential_process_gets_the_guard_variables_set_first_and_its_expiry_is_kept()
    {
        // Arrange
        var environment = new FakeProcessEnvironment();
        const string document = """{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "process-secret", "SessionToken": "process-token", "Expiration": "2099-11-29T01:02:03Z"}""";
        var source = new CredentialSource(SourceKind.CredentialProcess, "profile 'p'") { Command = $"printf '%s' '{document}'" };

        // Act
        var resolved = await Task.Run(() => Resolve(source, environment)).WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        Assert.Equal([("AWS_ASSUME_ROLE_DEPTH", "1")], environment.Sets);
        Assert.Equal(("AKIAPROCESS", "process-secret", "process-token"), (resolved.Credentials.AccessKeyId, resolved.Credentials.SecretAccessKey, resolved.Credentials.SessionToken));
        Assert.Equal(new DateTimeOffset(2099, 11, 29, 1, 2, 3, TimeSpan.Zero), resolved.Credentials.Expiration);
    }

    [Fact]
    public async Task A_failing_source_names_it_and_what_went_wrong()
    {
        // Arrange
        var source = new CredentialSource(SourceKind.CredentialProcess, "profile 'p'") { Command = "sh -c 'exit 3'" };

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(() => Task.Run(() => Resolve(source, new FakeProcessEnvironment())).WaitAsync(TimeSpan.FromSeconds(30)));

        // Assert
        Assert.Equal(ExitCodes.AwsFailure, error.ExitCode);
        Assert.StartsWith("could not get source credentials from profile 'p': ", error.Message, StringComparison.Ordinal);
    }
}
