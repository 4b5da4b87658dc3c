using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Sources;

/// <summary>
/// Where the source credentials come from when nothing names them, and that the AWS SDK reads
/// nothing behind the tool's back while it runs.
/// </summary>
[Collection("moto")]
public sealed class SourceCredentialSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private const string Hint = "hint: set AWS_PROFILE (or give --profile NAME) to a profile with credentials, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Env.Variables.Remove("AWS_ACCESS_KEY_ID");
        Env.Variables.Remove("AWS_SECRET_ACCESS_KEY");
    }

    [Fact]
    public async Task No_credentials_anywhere_is_one_line_saying_where_the_tool_looked()
    {
        var result = await Tool.RunAsync(Env, "whoami");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(
            $"aws-assume-role: error: no source credentials found; looked in environment variables (no AWS_ACCESS_KEY_ID), profile 'default' (not in {Env.ConfigFile} or {Env.Variables["AWS_SHARED_CREDENTIALS_FILE"]}), the container credentials endpoint (no AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI), EC2 instance metadata (off: AWS_EC2_METADATA_DISABLED=true)\n" + Hint,
            result.Stderr);
    }

    [Fact]
    public async Task A_profile_without_credentials_is_named_where_the_tool_looked()
    {
        Env.WithConfig("[profile p]\nregion = eu-west-1\n");

        var result = await Tool.RunAsync(Env, "--profile", "p", "whoami");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            $"aws-assume-role: error: no source credentials found; looked in profile 'p' in {Env.ConfigFile} (no credentials in it), the container credentials endpoint (no AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI), EC2 instance metadata (off: AWS_EC2_METADATA_DISABLED=true)\n" + Hint,
            result.Stderr);
    }

    [Fact]
    public async Task Instance_metadata_that_does_not_answer_ends_the_same_one_line_search()
    {
        Env.With("AWS_EC2_METADATA_DISABLED", "false").With("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9");

        var result = await Tool.RunAsync(Env, "whoami");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith(
            "aws-assume-role: error: no source credentials found; looked in environment variables (no AWS_ACCESS_KEY_ID), profile 'default' (not in ",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.Contains("the container credentials endpoint (no AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or _FULL_URI), EC2 instance metadata (", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith(")\n" + Hint, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, result.Stderr.Count(c => c == '\n'));
        Assert.DoesNotContain("webIdentityTokenFile", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_AWS_SDK_opens_no_config_file_and_watches_no_folder()
    {
        // A ~/.aws the tool must not read (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE point
        // elsewhere), and a config file the SDK's own reader would refuse.
        var dotAws = Directory.CreateDirectory(Path.Combine(Env.Directory, ".aws")).FullName;
        await File.WriteAllTextAsync(Path.Combine(dotAws, "config"), "[default]\nregion = eu-west-1\n");
        await File.WriteAllTextAsync(Path.Combine(dotAws, "credentials"), $"[default]\n{TestEnvironment.ProfileKeys}\n");
        Env.WithConfig($"[profile p] # production\n{TestEnvironment.ProfileKeys}\nregion: eu-west-2\n");
        var trace = Path.Combine(Env.Directory, "trace");

        var result = await Tool.RunUnderAsync(Env, ["strace", "-f", "-o", trace, "-e", "trace=openat,open,inotify_init,inotify_init1"], "--profile", "p", "--no-cache", "whoami", "arn:aws:iam::111111111111:role/probe");

        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = await File.ReadAllLinesAsync(trace);
        Assert.Single(calls, line => line.Contains($"\"{Env.ConfigFile}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(calls, line => line.Contains(dotAws, StringComparison.Ordinal));
        Assert.DoesNotContain(calls, line => line.Contains("inotify_init", StringComparison.Ordinal));
    }
}
