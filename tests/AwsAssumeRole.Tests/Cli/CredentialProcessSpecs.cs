using System.Runtime.Versioning;
using System.Text.Json;
using Amazon.Runtime;
using AwsAssumeRole.Core.Sources;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// <c>--format json</c> as a <c>credential_process</c>: read by the real aws CLI from a throw-away
/// config file and by the AWS SDK for .NET's own reader; failures reach the user as one line; a
/// profile that calls itself ends at once, with a bounded number of processes.
/// </summary>
[Collection("moto")]
[UnsupportedOSPlatform("windows")]
[Trait("Layer", "Integration")]
public sealed class CredentialProcessSpecs(MotoFixture moto) : IAsyncLifetime, IDisposable
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";
    private const string BaseSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private readonly TestEnvironment env = new();

    private string Invocations => Path.Combine(env.Directory, "invocations");

    private string NestedErrors => Path.Combine(env.Directory, "nested-stderr");

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        env.With("AWS_ENDPOINT_URL_STS", moto.Server.Endpoint);
        await File.WriteAllTextAsync(env.ConfigFile, $"""
            [profile base]
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = {BaseSecret}

            [profile chained]
            credential_process = {RepoPaths.Binary} --format json --profile base ec2-worker {BackupRole}

            [profile bad-arn]
            credential_process = {RepoPaths.Binary} --format json --profile base arn:aws:iam::12345:role/x

            [profile unreachable]
            credential_process = {RepoPaths.Binary} --format json --profile base --endpoint-url http://127.0.0.1:9 ec2-worker

            [profile loop]
            credential_process = {Counting("--format json ec2-worker")}

            [profile deep]
            credential_process = {Counting("--format json --session-name \"level$AWS_ASSUME_ROLE_DEPTH\" ec2-worker")}

            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => env.Dispose();

    [Theory]
    [InlineData("--profile", "chained")]
    [InlineData("AWS_PROFILE", "chained")]
    public async Task The_aws_cli_gets_the_chained_role_through_credential_process(string how, string profile)
    {
        // Arrange
        string[] arguments = how == "--profile" ? ["--profile", profile, "sts", "get-caller-identity"] : ["sts", "get-caller-identity"];
        if (how == "AWS_PROFILE")
        {
            env.With("AWS_PROFILE", profile);
        }

        // Act
        var result = await AwsCli.RunAsync(env, arguments);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", JsonDocument.Parse(result.Stdout).RootElement.GetProperty("Arn").GetString());
    }

    [Theory]
    [InlineData("bad-arn", "aws-assume-role: error: invalid role ARN 'arn:aws:iam::12345:role/x'")]
    [InlineData("unreachable", "aws-assume-role: error: GetCallerIdentity with the source credentials: EndpointUnreachable: could not reach http://127.0.0.1:9/")]
    public async Task A_failing_chain_reaches_the_aws_cli_user_as_our_one_line_without_secrets(string profile, string message)
    {
        // Act
        var result = await AwsCli.RunAsync(env, "--profile", profile, "sts", "get-caller-identity");

        // Assert
        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(BaseSecret, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_AWS_SDK_for_dotnet_reads_the_document_with_its_own_process_credentials_reader()
    {
        // Arrange: the SDK runs the line through sh with this test process's environment, so the
        // line sets the throw-away one itself (no secret in it: the keys stay in the config file).
        var line = $"env -i PATH=/usr/bin:/bin HOME={env.Directory} AWS_CONFIG_FILE={env.ConfigFile} " +
            $"AWS_SHARED_CREDENTIALS_FILE={env.Variables["AWS_SHARED_CREDENTIALS_FILE"]} AWS_EC2_METADATA_DISABLED=true " +
            $"AWS_ENDPOINT_URL_STS={moto.Server.Endpoint} {RepoPaths.Binary} -q --format json --profile base ec2-worker {BackupRole}";
        var reader = new ProcessAWSCredentials(line);

        // Act
        var credentials = await reader.GetCredentialsAsync();

        // Assert
        Assert.StartsWith("ASIA", credentials.AccessKey, StringComparison.Ordinal);
        Assert.True(credentials.UseToken);
        Assert.NotNull(reader.Expiration);
        Assert.InRange(reader.Expiration.Value, DateTime.UtcNow, DateTime.UtcNow.AddHours(12));
        using var consumer = new TestEnvironment();
        consumer.WithSourceKeys(credentials.AccessKey, credentials.SecretKey, credentials.Token).With("AWS_ENDPOINT_URL_STS", moto.Server.Endpoint);
        var identity = JsonDocument.Parse(await AwsCli.MustRunAsync(consumer, "sts", "get-caller-identity")).RootElement;
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", identity.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task A_profile_whose_credential_process_reads_itself_fails_at_once_naming_the_loop()
    {
        // Arrange
        env.With("AWS_PROFILE", "loop");

        // Act: through the aws CLI, and through the tool itself.
        var viaCli = await AwsCli.RunAsync(env, "sts", "get-caller-identity");
        var cliRuns = CountInvocations();
        var direct = await Tool.RunAsync(env, "ec2-worker");
        var directRuns = CountInvocations() - cliRuns;

        // Assert
        const string loop = "aws-assume-role: error: credential_process loop: an aws-assume-role run further up is already resolving profile 'loop' for this same chain (ec2-worker)";
        Assert.NotEqual(0, viaCli.ExitCode);
        Assert.Contains(loop, viaCli.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, cliRuns);
        Assert.NotEqual(0, direct.ExitCode);
        Assert.Equal(string.Empty, direct.Stdout);
        Assert.Contains(loop, direct.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, directRuns);
        Assert.Equal(0, await moto.Server.StsRequestCountAsync());
    }

    [Fact]
    public async Task Nesting_that_changes_the_chain_every_time_stops_at_the_depth_limit()
    {
        // Arrange: each run asks for another session name, so no two chains are the same.
        env.With("AWS_PROFILE", "deep");

        // Act
        var result = await Tool.RunAsync(env, "ec2-worker");

        // Assert
        // The innermost run refuses; each run above passes its error (and exit code) on as its own, so
        // the top one says what happened where it happened.
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith("aws-assume-role: error: credential_process nesting too deep", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("aws-assume-role: error: credential_process nesting too deep", await File.ReadAllTextAsync(NestedErrors), StringComparison.Ordinal);
        Assert.Equal(RecursionGuard.MaxDepth, 1 + CountInvocations());
        Assert.Equal(0, await moto.Server.StsRequestCountAsync());
    }

    /// <summary>
    /// A credential_process line that records each run, then runs the tool with <paramref name="arguments"/>,
    /// passing its stderr on and keeping a copy in <see cref="NestedErrors"/>.
    /// </summary>
    private string Counting(string arguments)
    {
        var script = Path.Combine(env.Directory, "counting-" + Guid.NewGuid().ToString("N")[..8]);
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo run >> '{Invocations}'
            err=$(mktemp)
            '{RepoPaths.Binary}' {arguments} 2>"$err"
            status=$?
            cat "$err" >> '{NestedErrors}'
            cat "$err" >&2
            rm -f "$err"
            exit $status

            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private int CountInvocations() => File.Exists(Invocations) ? File.ReadAllLines(Invocations).Length : 0;
}
