using System.Text.Json.Nodes;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.SignIn;

/// <summary>
/// <c>aws-assume-role console</c> against moto and the federation stand-in
/// (<c>AWS_ASSUME_ROLE_FEDERATION_URL</c>), with a browser double on <c>PATH</c> (<c>xdg-open</c>)
/// that records its arguments and the page it was handed.
/// </summary>
[Collection("moto")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConsoleSpecs(MotoFixture moto) : MotoSpecs(moto), IAsyncLifetime
{
    private const string Worker = "arn:aws:iam::123456789012:role/ec2-worker";
    private const string Backup = "arn:aws:iam::987654321098:role/backup-role";
    private readonly FakeFederation federation = new();
    private string record = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Env.With("AWS_ASSUME_ROLE_FEDERATION_URL", federation.Url);
        var bin = Directory.CreateDirectory(Path.Combine(Env.Directory, "bin")).FullName;
        record = Path.Combine(Env.Directory, "browser");
        var script = Path.Combine(bin, "xdg-open");
        await File.WriteAllTextAsync(script, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$BROWSER_RECORD.argv\"\ncat \"$1\" > \"$BROWSER_RECORD.page\"\nstat -c %a \"$1\" > \"$BROWSER_RECORD.mode\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Env.With("PATH", bin + ":" + Env.Variables["PATH"]).With("BROWSER_RECORD", record).With("XDG_RUNTIME_DIR", Directory.CreateDirectory(Path.Combine(Env.Directory, "run")).FullName);
    }

    async Task IAsyncLifetime.DisposeAsync() => await federation.DisposeAsync();

    private string LoginUrl(string destination) =>
        $"{federation.Url}?Action=login&Issuer=aws-assume-role&Destination={Uri.EscapeDataString(destination)}&SigninToken={federation.Token}";

    [Fact]
    public async Task One_hop_from_an_IAM_users_keys_sends_the_console_duration_and_prints_one_URL()
    {
        federation.AllowSessionDuration = true;

        var result = await Tool.RunAsync(Env, "console", "--print", "--console-duration", "2h", Worker);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(LoginUrl("https://console.aws.amazon.com/console/home") + "\n", result.Stdout);
        var query = Assert.Single(federation.Queries);
        Assert.Equal("getSigninToken", query["Action"]);
        Assert.Equal("7200", query["SessionDuration"]);
        var session = JsonNode.Parse(query["Session"])!.AsObject();
        Assert.Equal(["sessionId", "sessionKey", "sessionToken"], session.Select(p => p.Key));
        Assert.StartsWith("ASIA", (string?)session["sessionId"], StringComparison.Ordinal);
        Assert.Matches("^INFO: Switched to role arn:aws:iam::123456789012:role/ec2-worker\nINFO: console session for arn:aws:sts::123456789012:assumed-role/ec2-worker/[^ ]+ until [0-9T:-]+Z; the sign-in URL works for 15 minutes\n$", result.Stderr);
        Assert.DoesNotContain(federation.Token, result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_hops_never_send_a_session_duration_and_asking_for_one_is_exit_2_before_any_call()
    {
        var plain = await Tool.RunAsync(Env, "console", "--print", "--destination", "s3", "--region", "eu-west-1", Worker, Backup);
        var refused = await Tool.RunAsync(Env, "console", "--print", "--console-duration", "2h", Worker, Backup);

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal(LoginUrl("https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1") + "\n", plain.Stdout);
        Assert.False(Assert.Single(federation.Queries).ContainsKey("SessionDuration"));
        Assert.Contains("INFO: console session for arn:aws:sts::987654321098:assumed-role/backup-role/", plain.Stderr, StringComparison.Ordinal);
        Assert.Contains(" (when the credentials expire)", plain.Stderr, StringComparison.Ordinal);

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Equal(string.Empty, refused.Stdout);
        Assert.Equal(
            "aws-assume-role: error: --console-duration cannot be used here: the chain has 2 hops (role chaining), and the federation endpoint refuses SessionDuration for such credentials\n" +
            "hint: leave --console-duration out: the console session then lasts until the credentials expire (1 hour at most when chaining)\n",
            refused.Stderr);
        Assert.Single(federation.Queries);
    }

    [Fact]
    public async Task A_first_hop_from_temporary_credentials_refuses_a_console_duration()
    {
        Env.WithSourceKeys("ASIAIOSFODNN7EXAMPLE", sessionToken: "FwoGZXIvYXdzEXAMPLETOKEN");
        await Moto.ResetAsync();

        var result = await Tool.RunAsync(Env, "console", "--print", "--console-duration", "1h", Worker);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("aws-assume-role: error: --console-duration cannot be used here: the first hop is made with temporary credentials (role chaining)", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
        Assert.Empty(federation.Queries);
    }

    [Fact]
    public async Task Long_term_keys_alone_are_refused_with_a_suggestion()
    {
        var result = await Tool.RunAsync(Env, "console", "--print");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(
            "aws-assume-role: error: console needs temporary credentials: the source is long-term keys (an IAM user's), which the console federation endpoint refuses\nhint: name a role to assume: aws-assume-role console ROLE\n",
            result.Stderr);
        Assert.Empty(federation.Queries);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Theory]
    [InlineData("us-gov-west-1", "arn:aws-us-gov:iam::123456789012:role/gov", "https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1")]
    [InlineData("cn-north-1", "arn:aws-cn:iam::123456789012:role/china", "https://cn-north-1.console.amazonaws.cn/ec2/home?region=cn-north-1")]
    [InlineData("eu-west-1", "arn:aws:iam::123456789012:role/eu", "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1")]
    public async Task The_console_is_the_partition_of_the_final_credentials(string region, string role, string destination)
    {
        var result = await Tool.RunAsync(Env, "console", "--print", "--region", region, "--destination", "ec2", role);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(LoginUrl(destination) + "\n", result.Stdout);
    }

    [Fact]
    public async Task A_partition_without_a_public_console_is_refused_before_any_call()
    {
        var result = await Tool.RunAsync(Env, "console", "--print", "arn:aws-iso:iam::123456789012:role/secret");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("aws-assume-role: error: the credentials at the end of the chain are in the partition aws-iso, which has no public console sign-in (only aws, aws-cn and aws-us-gov do)\n", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task The_browser_gets_a_private_page_and_never_the_URL_in_its_arguments()
    {
        var result = await Tool.RunAsync(Env, "console", "--debug", Worker, Backup);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        var argv = await File.ReadAllLinesAsync(record + ".argv");
        var page = Assert.Single(argv);
        Assert.StartsWith(Path.Combine(Env.Variables["XDG_RUNTIME_DIR"], "aws-assume-role", "console-"), page, StringComparison.Ordinal);
        Assert.DoesNotContain(federation.Token, string.Join('\n', argv), StringComparison.Ordinal);
        Assert.Equal("600", (await File.ReadAllTextAsync(record + ".mode")).Trim());
        var html = await File.ReadAllTextAsync(record + ".page");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(LoginUrl("https://console.aws.amazon.com/console/home")), html, StringComparison.Ordinal);
        Assert.Contains("INFO: opened the console with xdg-open\n", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(federation.Token, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("SigninToken=", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sessionToken", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_browser_is_exit_2_before_any_call()
    {
        Env.With("PATH", "/usr/bin:/bin");

        var result = await Tool.RunAsync(Env, "console", Worker);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("aws-assume-role: error: cannot open a browser: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\nhint: set BROWSER to your browser's command, or give --print to print the sign-in URL instead\n", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task A_failing_federation_endpoint_is_exit_1_and_no_secret_reaches_stderr()
    {
        federation.FailWith = 500;

        var result = await Tool.RunAsync(Env, "console", "--print", "--debug", Worker);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains($"aws-assume-role: error: console sign-in: {federation.Url} refused the sign-in token request (HTTP 500)\n", result.Stderr, StringComparison.Ordinal);
        var session = JsonNode.Parse(Assert.Single(federation.Queries)["Session"])!;
        Assert.DoesNotContain((string)session["sessionKey"]!, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain((string)session["sessionToken"]!, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Session=", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://signin.aws.amazon.com/federation")]
    [InlineData("http://10.0.0.1/federation")]
    public async Task The_federation_test_hook_takes_only_loopback(string url)
    {
        Env.With("AWS_ASSUME_ROLE_FEDERATION_URL", url);

        var result = await Tool.RunAsync(Env, "console", "--print", Worker);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"aws-assume-role: error: invalid AWS_ASSUME_ROLE_FEDERATION_URL '{url}': it is a test hook and takes only a loopback URL such as http://127.0.0.1:8080/federation\n", result.Stderr);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }
}
