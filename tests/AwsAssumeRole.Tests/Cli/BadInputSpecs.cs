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
    public async Task Version_prints_the_version()
    {
        var result = await Tool.RunAsync(Env, "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\n$", result.Stdout);
    }
}
