using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Server;

/// <summary>
/// <c>serve</c> through the real binary against moto, with real consumers: the aws CLI, boto3 and the
/// AWS SDK for JavaScript v3 as the command run against the endpoint; its exit code, signals and port;
/// the two lines without a command; what it refuses before any call.
/// </summary>
[Collection("serve")]
[UnsupportedOSPlatform("windows")]
public sealed class ServeSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    public const string Backup = "arn:aws:iam::987654321098:role/backup-role";
    public const string FinalArnPrefix = "arn:aws:sts::987654321098:assumed-role/backup-role/";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // The clients need a region; the tool itself does not.
        Env.With("AWS_DEFAULT_REGION", "us-east-1");
    }

    [Fact]
    public async Task The_aws_CLI_run_by_serve_gets_its_credentials_from_the_endpoint_and_lands_on_the_final_role()
    {
        // Act
        var result = await Tool.RunAsync(Env, null, Timeout, "serve", "ec2-worker", Backup, "--", "aws", "sts", "get-caller-identity");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith(FinalArnPrefix, JsonDocument.Parse(result.Stdout).RootElement.GetProperty("Arn").GetString(), StringComparison.Ordinal);

        // GetCallerIdentity for the session name, two AssumeRole, and the aws CLI's own call.
        Assert.Equal(4, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task With_the_source_keys_in_default_of_the_credentials_file_the_command_still_runs_as_the_final_role()
    {
        // Arrange: the most common setup: the keys in [default] of the credentials file, none in the environment
        Env.Variables.Remove("AWS_ACCESS_KEY_ID");
        Env.Variables.Remove("AWS_SECRET_ACCESS_KEY");
        Env.WithCredentialsFile($"[default]\n{TestEnvironment.ProfileKeys}\n");

        // Act: the aws CLI and boto3 read [default] of the credentials file before the endpoint
        var aws = await Tool.RunAsync(Env, null, Timeout, "serve", "ec2-worker", Backup, "--", "aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text");
        var boto3 = await Tool.RunAsync(Env, null, Timeout, "-q", "serve", "ec2-worker", Backup, "--",
            Consumers.PythonWithBoto3, "-c", "import boto3; print(boto3.client('sts').get_caller_identity()['Arn'])");

        // Assert
        Assert.True(aws.ExitCode == 0, aws.ToString());
        Assert.StartsWith(FinalArnPrefix, aws.Stdout.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain("WARNING", aws.Stderr, StringComparison.Ordinal);
        Assert.True(boto3.ExitCode == 0, boto3.ToString());
        Assert.StartsWith(FinalArnPrefix, boto3.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_of_the_default_profile_that_clients_would_take_before_the_endpoint_are_warned_about()
    {
        // Arrange: [default] of the config file runs a credential_process; the credentials file has keys
        Env.WithConfig("[default]\ncredential_process = /bin/false\n");
        Env.WithCredentialsFile($"[default]\n{TestEnvironment.ProfileKeys}\n");

        // Act
        var command = await Tool.RunAsync(Env, null, Timeout, "serve", "ec2-worker", "--", "true");
        Env.WithConfig(string.Empty);
        using var served = await ServedEndpoint.StartAsync(Env, "ec2-worker");
        await Processes.SignalAsync(served.Process.Id, "TERM");
        var printed = await served.Process.WaitAsync(Timeout);

        // Assert: the command never reads the credentials file; clients started elsewhere may
        Assert.True(command.ExitCode == 0, command.ToString());
        Assert.Contains($"WARNING: serve: [default] in {Env.ConfigFile} has credential_process, which SDK clients take before the endpoint: move them to a named profile, or the command may not run as the served role\n", command.Stderr, StringComparison.Ordinal);
        Assert.Contains($"WARNING: serve: [default] in {Env.Directory}/credentials has aws_access_key_id, which SDK clients take before the endpoint: give clients AWS_SHARED_CREDENTIALS_FILE=/dev/null, or they run as the source user\n", printed.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_boto3_client_run_by_serve_lands_on_the_final_role()
    {
        // Act
        var result = await Tool.RunAsync(Env, null, Timeout, "-q", "serve", "ec2-worker", Backup, "--",
            Consumers.PythonWithBoto3, "-c", "import boto3; print(boto3.client('sts').get_caller_identity()['Arn'])");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith(FinalArnPrefix, result.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_AWS_SDK_for_JavaScript_v3_run_by_serve_lands_on_the_final_role()
    {
        // Arrange: the HTTP provider reads AWS_CONTAINER_CREDENTIALS_FULL_URI and _AUTHORIZATION_TOKEN
        const string script = """
            const { fromHttp } = require('@aws-sdk/credential-provider-http');
            const { STSClient, GetCallerIdentityCommand } = require('@aws-sdk/client-sts');
            const client = new STSClient({ region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL_STS, credentials: fromHttp({}) });
            client.send(new GetCallerIdentityCommand({}))
              .then(r => console.log(r.Arn))
              .catch(e => { console.error(String(e)); process.exit(1); });
            """;
        Env.With("NODE_PATH", Consumers.NodeModules);

        // Act
        var result = await Tool.RunAsync(Env, null, Timeout, "-q", "serve", "ec2-worker", Backup, "--", Consumers.Node, "-e", script);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith(FinalArnPrefix, result.Stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_gets_the_endpoint_and_no_credential_variable_an_SDK_would_prefer()
    {
        // Arrange: stale variables that would win over the endpoint
        Env.With("AWS_PROFILE", "stale").With("AWS_SECURITY_TOKEN", "stale").With("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/stale");

        // Act: the source keys are the tool's; the command must not see them either
        var result = await Tool.RunAsync(Env, null, Timeout, "-q", "serve", "--region", "eu-west-1", "ec2-worker", "--", "sh", "-c", "env | grep -E '^AWS_' | sort");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        var variables = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Matches("^http://127\\.0\\.0\\.1:[0-9]+/credentials$", variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
        Assert.Matches("^[0-9a-f]{64}$", variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"]);
        Assert.Equal("eu-west-1", variables["AWS_REGION"]);
        Assert.Equal("eu-west-1", variables["AWS_DEFAULT_REGION"]);
        Assert.Equal("arn:aws:iam::123456789012:role/ec2-worker", variables["AWS_ASSUME_ROLE_CHAIN"]);
        foreach (var removed in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE", "AWS_SECURITY_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" })
        {
            Assert.False(variables.ContainsKey(removed), $"{removed} reached the command");
        }

        Assert.DoesNotContain(variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"], result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 7", 7)]
    [InlineData("kill -TERM $$", 143)]
    public async Task Serve_exits_with_the_commands_code(string script, int expected)
    {
        var result = await Tool.RunAsync(Env, null, Timeout, "-q", "serve", "ec2-worker", "--", "sh", "-c", script);

        Assert.True(result.ExitCode == expected, result.ToString());
    }

    [Theory]
    [InlineData("TERM", 15)]
    [InlineData("INT", 2)]
    [InlineData("HUP", 1)]
    [InlineData("QUIT", 3)]
    public async Task A_signal_sent_to_serve_reaches_the_command_serve_ends_with_it_and_the_port_is_closed(string signal, int number)
    {
        // Arrange: a command that says where the endpoint is, then waits for the signal
        var exitCode = 40 + number;
        using var serve = ProcessRunner.Start(RepoPaths.Binary, ["-q", "serve", "ec2-worker", "--", "sh", "-c", $"trap 'exit {exitCode}' {signal}; echo \"$AWS_CONTAINER_CREDENTIALS_FULL_URI\"; while :; do sleep 0.1; done"], Env.Variables);
        await serve.WaitForStdoutAsync("/credentials\n", Timeout);
        var port = new Uri(serve.Stdout.Trim()).Port;
        Assert.True(await ServedEndpoint.IsListeningAsync(port));

        // Act
        await Processes.SignalAsync(serve.Id, signal);
        var result = await serve.WaitAsync(Timeout);

        // Assert
        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.False(await ServedEndpoint.IsListeningAsync(port), "the port is still open after serve ended");
    }

    [Fact]
    public async Task A_command_killed_by_the_forwarded_SIGTERM_makes_serve_exit_143()
    {
        // Arrange
        using var serve = ProcessRunner.Start(RepoPaths.Binary, ["-q", "serve", "ec2-worker", "--", "sh", "-c", "echo started; exec sleep 60"], Env.Variables);
        await serve.WaitForStdoutAsync("started\n", Timeout);

        // Act
        await Processes.SignalAsync(serve.Id, "TERM");
        var result = await serve.WaitAsync(Timeout);

        // Assert
        Assert.True(result.ExitCode == 143, result.ToString());
    }

    [Fact]
    public async Task A_pipe_in_the_command_ends_as_in_a_shell()
    {
        // 'yes' must die of SIGPIPE when head is done, not see it ignored and loop on EPIPE.
        var result = await Tool.RunAsync(Env, null, Timeout, "-q", "serve", "ec2-worker", "--", "sh", "-c", "yes | head -1");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("y\n", result.Stdout);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public async Task A_missing_command_is_127_and_one_that_cannot_run_is_126_before_any_STS_call()
    {
        // Arrange
        var script = Path.Combine(Env.Directory, "not-executable");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nexit 0\n");

        // Act
        var missing = await Tool.RunAsync(Env, null, Timeout, "serve", "ec2-worker", "--", "no-such-command-aar");
        var cannotRun = await Tool.RunAsync(Env, null, Timeout, "serve", "ec2-worker", "--", script);

        // Assert
        Assert.True(missing.ExitCode == 127, missing.ToString());
        Assert.Contains("command not found: no-such-command-aar", missing.Stderr, StringComparison.Ordinal);
        Assert.True(cannotRun.ExitCode == 126, cannotRun.ToString());
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Theory]
    [InlineData("--min-remaining", "9s")]
    [InlineData("--min-remaining", "1h")]
    [InlineData("--format", "json")]
    [InlineData("--port", "http")]
    [InlineData("--port", "65536")]
    public async Task Bad_input_is_exit_2_before_any_STS_call_with_nothing_on_stdout(string option, string value)
    {
        // Act: 9s would hand credentials out in their last seconds; 1h is not shorter than the 1h session
        var result = await Tool.RunAsync(Env, null, Timeout, "serve", option, value, "ec2-worker", Backup);

        // Assert
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith("aws-assume-role: error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Format_with_a_command_and_a_port_in_use_are_exit_2_before_any_STS_call()
    {
        // Arrange
        using var occupied = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        // Act
        var format = await Tool.RunAsync(Env, null, Timeout, "serve", "--format", "export", "ec2-worker", "--", "true");
        var busy = await Tool.RunAsync(Env, null, Timeout, "serve", "--port", port, "ec2-worker");

        // Assert
        Assert.True(format.ExitCode == 2, format.ToString());
        Assert.True(busy.ExitCode == 2, busy.ToString());
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", busy.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task A_chain_that_fails_is_exit_1_with_nothing_printed()
    {
        // Act: an STS endpoint that is not there
        Env.With("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1");
        var result = await Tool.RunAsync(Env, null, Timeout, "serve", "ec2-worker");

        // Assert
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
    }

    [Fact]
    public async Task Without_a_command_it_prints_two_lines_closes_stdout_serves_the_final_role_and_ends_with_0_on_SIGTERM()
    {
        // Arrange
        using var served = await ServedEndpoint.StartAsync(Env, "ec2-worker", Backup);

        // Act
        var (status, body, response) = await served.GetAsync();
        await Processes.SignalAsync(served.Process.Id, "TERM");
        var result = await served.Process.WaitAsync(Timeout);

        // Assert: the lines
        Assert.Matches("^AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127\\.0\\.0\\.1:[0-9]+/credentials\nAWS_CONTAINER_AUTHORIZATION_TOKEN=[0-9a-f]{64}\n$", result.Stdout);

        // The document every SDK reads
        Assert.Equal(200, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["AccessKeyId", "SecretAccessKey", "Token", "Expiration", "AccountId", "RoleArn"], body.EnumerateObject().Select(p => p.Name));
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", body.GetProperty("Expiration").GetString());
        Assert.Equal("987654321098", body.GetProperty("AccountId").GetString());
        Assert.Equal(Backup, body.GetProperty("RoleArn").GetString());
        var identity = await AwsCli.CallerIdentityWithAsync(Moto.Endpoint, new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = body.GetProperty("AccessKeyId").GetString()!,
            ["AWS_SECRET_ACCESS_KEY"] = body.GetProperty("SecretAccessKey").GetString()!,
            ["AWS_SESSION_TOKEN"] = body.GetProperty("Token").GetString()!,
        });
        Assert.StartsWith(FinalArnPrefix, identity.GetProperty("Arn").GetString(), StringComparison.Ordinal);

        // The end
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(served.Token, result.Stderr, StringComparison.Ordinal);
        Assert.False(await ServedEndpoint.IsListeningAsync(served.Port));
    }

    [Fact]
    public async Task Without_a_command_Ctrl_C_ends_it_with_0()
    {
        // Arrange
        using var served = await ServedEndpoint.StartAsync(Env, "ec2-worker");

        // Act
        await Processes.SignalAsync(served.Process.Id, "INT");
        var result = await served.Process.WaitAsync(Timeout);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Bash_reads_the_export_lines_through_process_substitution_and_the_aws_CLI_uses_the_endpoint()
    {
        // Arrange: the README's way; $! is the server, ended by the script; the keys the chain
        // started from are unset, as they would win over the endpoint
        const string script = """
            source <("$BIN" -q serve --format export ec2-worker "$BACKUP")
            server=$!
            unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
            aws sts get-caller-identity --query Arn --output text
            kill -TERM "$server"
            wait "$server"
            echo "server $?"
            """;
        var variables = new Dictionary<string, string>(Env.Variables) { ["BIN"] = RepoPaths.Binary, ["BACKUP"] = Backup };

        // Act
        var result = await ProcessRunner.RunAsync(Shells.Bash, ["-c", script], variables, timeout: Timeout);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(FinalArnPrefix, lines[0], StringComparison.Ordinal);
        Assert.Equal("server 0", lines[1]);
    }

    [Fact]
    public async Task Docker_reads_the_env_lines_as_an_env_file()
    {
        // Arrange
        using var served = await ServedEndpoint.StartAsync(Env, "-q", "ec2-worker");

        // Act
        var variables = DockerEnvFile.Parse(served.Process.Stdout);

        // Assert
        Assert.Equal(["AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN"], variables.Keys);
        Assert.Equal(served.Uri.ToString(), variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
    }
}
