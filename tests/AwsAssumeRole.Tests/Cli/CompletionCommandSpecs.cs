using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// <c>completion SHELL</c> and the <c>[suggest:POSITION]</c> directive the scripts call, through the
/// real binary: exact output, no stderr, exit 0, never a call to STS.
/// </summary>
[Collection("moto")]
public sealed class CompletionCommandSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    [Theory]
    [InlineData("bash", "aws-assume-role.bash")]
    [InlineData("zsh", "aws-assume-role.zsh")]
    [InlineData("fish", "aws-assume-role.fish")]
    [InlineData("pwsh", "aws-assume-role.ps1")]
    public async Task Completion_prints_the_script_embedded_in_the_binary(string shell, string file)
    {
        var result = await Tool.RunAsync(Env, "completion", shell);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "src", "AwsAssumeRole", "Completion", file)), result.Stdout);
        Assert.Contains("[suggest:", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Theory]
    [InlineData("aws-assume-role: error: 'completion' needs a shell: aws-assume-role completion bash|zsh|fish|pwsh", "completion")]
    [InlineData("aws-assume-role: error: unknown shell 'tcsh': choose bash, zsh, fish or pwsh", "completion", "tcsh")]
    [InlineData("aws-assume-role: error: unexpected argument 'zsh': 'completion' takes one shell", "completion", "bash", "zsh")]
    [InlineData("aws-assume-role: error: 'completion' runs no command after '--'", "completion", "bash", "--", "ls")]
    public async Task Completion_with_no_or_an_unknown_shell_exits_2_with_one_line(string expected, params string[] arguments)
    {
        var result = await Tool.RunAsync(Env, arguments);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(expected + "\n", result.Stderr);
    }

    [Theory]
    [InlineData("aws-assume-role --format ", "cmd\nenv\nexport\nfish\njson\npowershell\n")]
    [InlineData("aws-assume-role --format=e", "--format=env\n--format=export\n")]
    [InlineData("aws-assume-role --no-c", "--no-cache\n")]
    [InlineData("aws-assume-role ca", "cache\n")]
    [InlineData("aws-assume-role cache l", "list\n")]
    [InlineData("aws-assume-role completion b", "bash\n")]
    [InlineData("aws-assume-role --profile ", "base\ndefault\nops\n")]
    [InlineData("aws-assume-role --profile o", "ops\n")]
    [InlineData("aws-assume-role whoami ec", "ec2-admin\n")]
    [InlineData("aws-assume-role --quiet arn:aws:iam::1", "arn:aws:iam::123456789012:role/ec2-admin\n")]
    [InlineData("aws-assume-role -q --no-cache ec", "ec2-admin\n")]
    [InlineData("aws-assume-role --debug --profile o", "ops\n")]
    [InlineData("aws-assume-role ec2-admin -- ", "")]
    [InlineData("aws-assume-role ec2-admin -- l", "")]
    [InlineData("aws-assume-role --region ", "")]
    public async Task Suggest_directive_prints_the_words_that_start_with_what_was_typed(string line, string expected)
    {
        Env.WithConfig("[default]\nregion = us-east-1\n\n[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ec2-admin\nsource_profile = base\n");
        Env.WithCredentialsFile("[base]\n" + TestEnvironment.ProfileKeys + "\n");

        var result = await Tool.RunAsync(Env, $"[suggest:{line.Length}]", line);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected, result.Stdout);
        Assert.Equal(string.Empty, result.Stderr);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Suggest_directive_completes_the_word_before_the_position_only()
    {
        var line = "aws-assume-role --format js ec2-worker";

        var result = await Tool.RunAsync(Env, $"[suggest:{"aws-assume-role --format js".Length}]", line);

        Assert.Equal("json\n", result.Stdout);
    }

    [Theory]
    [InlineData("[profile ops\nrole_arn = arn:aws:iam::123456789012:role/ec2-admin\n", "")]
    [InlineData("not ini at all\n", "")]
    [InlineData("[profile ops]\nrole_arn = arn:aws:iam::12:role/\u001b[31mred\n", "ops\n")]
    public async Task Suggest_directive_survives_a_broken_config_silently_even_with_debug_on(string config, string expectedProfiles)
    {
        Env.WithConfig(config).With("AWS_ASSUME_ROLE_DEBUG", "1");
        Env.With("AWS_ASSUME_ROLE_CACHE_DIR", Path.Combine(Env.Directory, "cache-that-is-a-file"));
        await File.WriteAllTextAsync(Env.CacheDirectory, "not a folder");

        var profiles = await Tool.RunAsync(Env, "[suggest:26]", "aws-assume-role --profile ");
        var roles = await Tool.RunAsync(Env, "[suggest:16]", "aws-assume-role ");

        Assert.Equal((0, expectedProfiles, string.Empty), (profiles.ExitCode, profiles.Stdout, profiles.Stderr));
        Assert.Equal(0, roles.ExitCode);
        Assert.DoesNotContain("arn:", roles.Stdout, StringComparison.Ordinal);
        Assert.Contains("--profile\n", roles.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, roles.Stderr);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }
}
