using System.Text.Json;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>The chain through the real binary against a real moto server; the aws CLI is the oracle.</summary>
[Collection("moto")]
public sealed class ChainCommandSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";
    [Fact]
    public async Task Two_hop_cross_account_chain_ends_in_the_second_account()
    {
        var result = await Tool.RunAsync(Env, "ec2-worker", BackupRole);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            "INFO: Switched to role arn:aws:iam::123456789012:role/ec2-worker\n" +
            "INFO: Switched to role arn:aws:iam::987654321098:role/backup-role\n",
            result.Stderr);
        var identity = await CallerIdentityWith(result.EnvLines());
        Assert.Equal("987654321098", identity.GetProperty("Account").GetString());
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", identity.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task Env_output_is_exactly_the_four_variables_unquoted_with_LF_endings()
    {
        var result = await Tool.RunAsync(Env, "ec2-worker");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION", string.Empty], lines.Select(l => l.Split('=')[0]));
        Assert.DoesNotContain('\r', result.Stdout);
        Assert.DoesNotContain('"', result.Stdout);
        Assert.DoesNotContain('\'', result.Stdout);
        Assert.Matches(@"^AWS_CREDENTIAL_EXPIRATION=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", lines[3]);
    }

    [Fact]
    public async Task A_bare_third_hop_resolves_in_the_account_of_the_second()
    {
        var result = await Tool.RunAsync(Env, "whoami", "ec2-worker", BackupRole, "backup2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("INFO: Switched to role arn:aws:iam::987654321098:role/backup2\n", result.Stderr);
        var identity = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup2/moto", identity.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task Role_paths_are_kept_in_bare_names()
    {
        var result = await Tool.RunAsync(Env, "team/app/deployer");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("INFO: Switched to role arn:aws:iam::123456789012:role/team/app/deployer\n", result.Stderr);
    }

    [Fact]
    public async Task A_source_session_named_sschapiro_names_every_hop_sschapiro()
    {
        var assumed = JsonDocument.Parse(await AwsCli.MustRunAsync(
            Env, "sts", "assume-role", "--role-arn", "arn:aws:iam::123456789012:role/PowerUser", "--role-session-name", "sschapiro")).RootElement.GetProperty("Credentials");
        using var sessionEnv = new TestEnvironment();
        sessionEnv.WithSourceKeys(assumed.GetProperty("AccessKeyId").GetString()!, assumed.GetProperty("SecretAccessKey").GetString()!, assumed.GetProperty("SessionToken").GetString()!)
            .With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);

        var first = await Tool.RunAsync(sessionEnv, "whoami", "ec2-worker");
        var both = await Tool.RunAsync(sessionEnv, "whoami", "ec2-worker", BackupRole);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(both.ExitCode == 0, both.ToString());
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/ec2-worker/sschapiro", JsonDocument.Parse(first.Stdout).RootElement.GetProperty("Arn").GetString());
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/sschapiro", JsonDocument.Parse(both.Stdout).RootElement.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task Eval_in_bash_gives_the_aws_cli_the_chained_identity()
    {
        var result = await ProcessRunner.RunAsync(
            "/bin/bash",
            ["-c", $"eval $(\"$BIN\" ec2-worker {BackupRole}) aws sts get-caller-identity"],
            new Dictionary<string, string>(Env.Variables) { ["BIN"] = RepoPaths.Binary, ["AWS_DEFAULT_REGION"] = "us-east-1" });

        Assert.True(result.ExitCode == 0, result.ToString());
        var identity = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", identity.GetProperty("Arn").GetString());
        Assert.Equal(3, await Moto.StsRequestCountAsync() - 1);
    }

    [Fact]
    public async Task Env_output_read_by_docker_env_file_rules_gives_working_credentials()
    {
        var result = await Tool.RunAsync(Env, "--region", "eu-west-1", "ec2-worker", BackupRole);

        Assert.True(result.ExitCode == 0, result.ToString());
        var variables = DockerEnvFile.Parse(result.Stdout);
        Assert.Equal(
            ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION", "AWS_REGION", "AWS_DEFAULT_REGION"],
            variables.Keys);
        Assert.Equal("eu-west-1", variables["AWS_REGION"]);
        var identity = await CallerIdentityWith(variables);
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", identity.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task Whoami_prints_exactly_what_aws_sts_get_caller_identity_prints()
    {
        var ours = await Tool.RunAsync(Env, "whoami");
        var theirs = await AwsCli.MustRunAsync(Env, "sts", "get-caller-identity");

        Assert.True(ours.ExitCode == 0, ours.ToString());
        Assert.Equal(theirs, ours.Stdout);
        Assert.Equal(string.Empty, ours.Stderr);
    }

    [Fact]
    public async Task Json_format_is_the_credential_process_document()
    {
        var result = await Tool.RunAsync(Env, "--format", "json", "ec2-worker");

        Assert.True(result.ExitCode == 0, result.ToString());
        var document = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(JsonValueKind.Number, document.GetProperty("Version").ValueKind);
        Assert.Equal(1, document.GetProperty("Version").GetInt32());
        Assert.StartsWith("ASIA", document.GetProperty("AccessKeyId").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("Z", document.GetProperty("Expiration").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            ["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"],
            document.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(new[] { "ec2-worker" }, 2)]
    [InlineData(new[] { "ec2-worker", BackupRole }, 3)]
    [InlineData(new[] { "ec2-worker", BackupRole, "backup2" }, 4)]
    [InlineData(new[] { BackupRole }, 2)]
    [InlineData(new[] { "--session-name", "alice", BackupRole, "backup2" }, 2)]
    [InlineData(new[] { "--session-name", "alice", "ec2-worker" }, 2)]
    public async Task Sts_requests_are_one_per_hop_plus_one_identity_call_only_when_needed(string[] arguments, int expectedRequests)
    {
        var result = await Tool.RunAsync(Env, arguments);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expectedRequests, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Long_duration_is_clamped_for_chained_hops_with_one_warning()
    {
        var result = await Tool.RunAsync(Env, "--duration", "2h", "ec2-worker", BackupRole, "backup2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.Stderr.Split('\n'), line => line.StartsWith("WARNING:", StringComparison.Ordinal) && line.Contains("1h", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Quiet_prints_nothing_on_stderr()
    {
        var result = await Tool.RunAsync(Env, "-q", "ec2-worker", BackupRole);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.NotEmpty(result.Stdout);
    }

    [Fact]
    public async Task Endpoint_url_option_beats_the_environment()
    {
        Env.With("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1");

        var result = await Tool.RunAsync(Env, "--endpoint-url", Moto.Endpoint, "ec2-worker");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Aws_endpoint_url_is_used_when_the_sts_specific_one_is_unset()
    {
        Env.Variables.Remove("AWS_ENDPOINT_URL_STS");
        Env.With("AWS_ENDPOINT_URL", Moto.Endpoint);

        var result = await Tool.RunAsync(Env, "ec2-worker");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, await Moto.StsRequestCountAsync());
    }

    private async Task<JsonElement> CallerIdentityWith(IReadOnlyDictionary<string, string> credentials)
    {
        using var consumer = new TestEnvironment();
        consumer.With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);
        foreach (var (key, value) in credentials)
        {
            consumer.With(key, value);
        }

        return JsonDocument.Parse(await AwsCli.MustRunAsync(consumer, "sts", "get-caller-identity")).RootElement;
    }
}
