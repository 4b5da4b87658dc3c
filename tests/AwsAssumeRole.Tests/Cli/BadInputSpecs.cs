using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>Bad input: exit 2, one line on stderr, empty stdout, and not one request to STS.</summary>
[Collection("moto")]
public sealed class BadInputSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    [Theory]
    [InlineData("no ROLE given")]
    [InlineData("invalid role ARN", "arn:aws:iam::12345:role/x")]
    [InlineData("invalid role ARN", "arn:aws:s3:::bucket")]
    [InlineData("invalid role ARN", "arn:aws:iam::123456789012:user/u")]
    [InlineData("invalid role ARN", "arn:aws:iam::123456789012:role/")]
    [InlineData("invalid role name", "a-role-name-that-is-sixty-five-characters-long-which-iam-rejects-x")]
    [InlineData("invalid role name", "ec2\u001b[31mworker")]
    [InlineData("invalid role ARN", "ec2-worker", "arn:aws:iam::123456789012:role/ok\nAWS_SECRET=x")]
    [InlineData("invalid --format", "--format", "yaml", "ec2-worker")]
    [InlineData("invalid --duration", "--duration", "899", "ec2-worker")]
    [InlineData("invalid --duration", "--duration", "43201", "ec2-worker")]
    [InlineData("invalid --duration", "--duration", "abc", "ec2-worker")]
    [InlineData("invalid --duration", "--duration", "-1", "ec2-worker")]
    [InlineData("invalid --session-name", "--session-name", "a", "ec2-worker")]
    [InlineData("invalid --session-name", "--session-name", "bob smith", "ec2-worker")]
    [InlineData("invalid --external-id", "--external-id", "x", "ec2-worker")]
    [InlineData("invalid --external-id", "--external-id", "$(touch canary)", "ec2-worker")]
    [InlineData("invalid region", "--region", "eu west 1", "ec2-worker")]
    [InlineData("invalid endpoint URL", "--endpoint-url", "ftp://127.0.0.1", "ec2-worker")]
    [InlineData("unknown option", "--no-such-option", "ec2-worker")]
    [InlineData("Required argument missing", "ec2-worker", "--region")]
    public async Task Bad_input_exits_2_with_one_line_and_calls_nothing(string expectedMessage, params string[] arguments)
    {
        var result = await Tool.RunAsync(Env, arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.StartsWith("aws-assume-role: error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expectedMessage, lines[0], StringComparison.OrdinalIgnoreCase);
        Assert.True(lines.Length <= 2, result.Stderr);
        Assert.DoesNotContain('\u001b', result.Stderr);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Bad_region_in_the_environment_is_bad_input_too()
    {
        Env.With("AWS_REGION", "us-east-1; touch canary");

        var result = await Tool.RunAsync(Env, "ec2-worker");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains("AWS_REGION", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_goes_to_stdout_and_exits_0()
    {
        var result = await Tool.RunAsync(Env, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--session-name", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("whoami", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Version_prints_the_version_and_the_commit()
    {
        var result = await Tool.RunAsync(Env, "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{12}\n$", result.Stdout);
        Assert.Equal(await ReleaseBuild.VersionLineAsync(), result.Stdout);
    }

    [Theory]
    [InlineData("aws-assume-role: error: unknown cache command 'bogus': choose 'cache list' or 'cache clear'", "cache", "bogus")]
    [InlineData("aws-assume-role: error: 'cache' needs a command: 'cache list' or 'cache clear'", "cache")]
    [InlineData("aws-assume-role: error: --profile= has no value: write --profile VALUE (see aws-assume-role --help)", "--profile=", "ec2-worker")]
    [InlineData("aws-assume-role: error: whoami prints the GetCallerIdentity JSON document: --format export does not apply (leave --format out, or give --format json)", "whoami", "--format", "export")]
    [InlineData("aws-assume-role: error: 'whoami' comes first: aws-assume-role whoami ec2-worker ... (a role named whoami is given by its ARN)", "ec2-worker", "whoami")]
    [InlineData("aws-assume-role: error: unknown option '--bogus' (see aws-assume-role --help)", "cache", "list", "--bogus")]
    [InlineData("aws-assume-role: error: unknown option '--bogus' (see aws-assume-role --help)", "whoami", "--bogus")]
    [InlineData("aws-assume-role: error: unexpected argument 'ec2-worker' (see aws-assume-role --help)", "help", "ec2-worker")]
    public async Task Rough_edges_of_the_command_line_exit_2_with_their_exact_line(string expectedLine, params string[] arguments)
    {
        var result = await Tool.RunAsync(Env, arguments);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(expectedLine, result.Stderr.Split('\n')[0]);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Theory]
    [InlineData("help", "--help")]
    [InlineData("version", "--version")]
    public async Task Help_and_version_are_verbs_not_role_names(string verb, string option)
    {
        var asVerb = await Tool.RunAsync(Env, verb);
        var asOption = await Tool.RunAsync(Env, option);

        Assert.True(asVerb.ExitCode == 0, asVerb.ToString());
        Assert.Equal(asOption.Stdout, asVerb.Stdout);
        Assert.Equal(string.Empty, asVerb.Stderr);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Whoami_accepts_format_json_which_is_what_it_prints()
    {
        var plain = await Tool.RunAsync(Env, "whoami");
        var json = await Tool.RunAsync(Env, "whoami", "--format", "json");

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(plain.Stdout, json.Stdout);
    }
}
