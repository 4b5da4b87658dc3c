using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>Bad input: exit 2, one line on stderr, empty stdout, and not one request to STS.</summary>
[Collection("moto")]
public sealed class BadInputSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    // The whole table of bad input runs in process (Cli/AppTests); these rows prove it end to end:
    // the binary, a real moto that receives nothing.
    [Theory]
    [InlineData("no ROLE given")]
    [InlineData("invalid role ARN", "ec2-worker", "arn:aws:iam::123456789012:role/ok\nAWS_SECRET=x")]
    [InlineData("invalid --duration", "--duration", "899", "ec2-worker")]
    [InlineData("unknown option", "--no-such-option", "ec2-worker")]
    [InlineData("unknown cache command 'bogus'", "cache", "bogus")]
    public async Task Bad_input_exits_2_with_one_line_and_calls_nothing(string expectedMessage, params string[] arguments)
    {
        var result = await Tool.RunAsync(Env, arguments);

        result.AssertBadInput(expectedMessage);
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

    [Fact]
    public async Task Whoami_accepts_format_json_which_is_what_it_prints()
    {
        var plain = await Tool.RunAsync(Env, "whoami");
        var json = await Tool.RunAsync(Env, "whoami", "--format", "json");

        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(plain.Stdout, json.Stdout);
    }
}
