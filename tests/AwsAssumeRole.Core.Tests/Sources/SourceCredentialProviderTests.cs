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
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_credential_process_is_run_without_a_shell_with_the_guard_variables_in_its_environment_only_and_its_expiry_is_kept()
    {
        // Arrange: the line is split as shlex splits it (the quoted path is one word, no shell runs it);
        // the token shows the variable the command got
        var folder = Directory.CreateTempSubdirectory("aar-process-").FullName;
        var helper = Path.Combine(folder, "my helper");
        File.WriteAllText(helper, """
            #!/bin/sh
            printf '{"Version": 1, "AccessKeyId": "AKIAPROCESS", "SecretAccessKey": "process-secret", "SessionToken": "depth-%s", "Expiration": "2099-11-29T01:02:03Z"}' "$AWS_ASSUME_ROLE_DEPTH"
            """);
        File.SetUnixFileMode(helper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var environment = new FakeProcessEnvironment();
        var source = new CredentialSource(SourceKind.CredentialProcess, "profile 'p'") { Command = $"\"{helper}\" --json" };

        // Act
        SourceCredentials resolved;
        try
        {
            resolved = await Task.Run(() => Resolve(source, environment)).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        // Assert
        Assert.Empty(environment.Sets);
        Assert.Equal(("AKIAPROCESS", "process-secret", "depth-1"), (resolved.Credentials.AccessKeyId, resolved.Credentials.SecretAccessKey, resolved.Credentials.SessionToken));
        Assert.Equal(new DateTimeOffset(2099, 11, 29, 1, 2, 3, TimeSpan.Zero), resolved.Credentials.Expiration);
    }

    [Theory]
    [InlineData("sh -c 'exit 3'", 1, "the credential_process of profile 'p' failed with exit code 3", "run the credential_process command yourself to see why")]
    [InlineData("sh -c 'echo \"token expired\" >&2; echo more >&2; exit 4'", 1, "the credential_process of profile 'p' failed with exit code 4: token expired", "run the credential_process command yourself to see why")]
    [InlineData("sh -c 'echo \"aws-assume-role: error: credential_process loop: again\" >&2; echo \"hint: use another profile\" >&2; exit 2'", 2, "credential_process loop: again", "use another profile")]
    [InlineData("/nonexistent/credential-helper --json", 2, "the credential_process of profile 'p' cannot be run: /nonexistent/credential-helper was not found or is not executable", "check the credential_process line (it is run without a shell, as the AWS CLI runs it)")]
    [InlineData("echo not-json", 1, "the credential_process of profile 'p' did not print the credential_process JSON document: it is not JSON", null)]
    [InlineData("printf '{\"Version\":2}'", 1, "the credential_process of profile 'p' did not print the credential_process JSON document: Version is not 1", null)]
    public async Task A_failing_credential_process_says_why_in_one_line(string command, int exitCode, string message, string? hint)
    {
        // Arrange
        var source = new CredentialSource(SourceKind.CredentialProcess, "profile 'p'") { Command = command };

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(() => Task.Run(() => Resolve(source, new FakeProcessEnvironment())).WaitAsync(TimeSpan.FromSeconds(30)));

        // Assert
        Assert.Equal((exitCode, message), (error.ExitCode, error.Message));
        if (hint is not null)
        {
            Assert.Equal(hint, error.Hint);
        }
    }

    [Fact]
    public void A_web_identity_token_file_that_does_not_exist_is_named_before_any_call()
    {
        // Arrange
        var source = new CredentialSource(SourceKind.WebIdentity, "web identity of environment variables (AWS_WEB_IDENTITY_TOKEN_FILE)")
        {
            WebIdentity = new WebIdentitySource("/nonexistent/token", "arn:aws:iam::123456789012:role/web", null),
        };

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => Resolve(source, new FakeProcessEnvironment()));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("web identity of environment variables (AWS_WEB_IDENTITY_TOKEN_FILE): the web identity token file /nonexistent/token does not exist", error.Message);
    }
}
