using System.Text.Json;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// MFA against a real moto behind a recording proxy (moto does not log bodies): the serial and the
/// code reach STS on the right hop; the prompt appears on a real terminal (tmux), never on stdout;
/// without a terminal and without a code the tool fails at once instead of reading stdin.
/// </summary>
[Collection("moto")]
public sealed class MfaSpecs(MotoFixture moto) : RecordedMotoSpecs(moto)
{
    private const string Alice = "arn:aws:iam::123456789012:mfa/alice";
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Env.WithSourceKeys().With("AWS_ENDPOINT_URL_STS", Moto.Endpoint);
    }

    [Fact]
    public async Task Mfa_code_sends_SerialNumber_and_TokenCode_on_the_first_hop_only()
    {
        var result = await Tool.RunAsync(Env, "--mfa-serial", Alice, "--mfa-code", "918273", "ec2-worker", BackupRole);

        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = (await AssumeRolesAsync());
        Assert.Equal(["arn:aws:iam::123456789012:role/ec2-worker", BackupRole], calls.Select(c => c["RoleArn"]));
        Assert.Equal(Alice, calls[0]["SerialNumber"]);
        Assert.Equal("918273", calls[0]["TokenCode"]);
        Assert.Null(calls[1]["SerialNumber"]);
        Assert.Null(calls[1]["TokenCode"]);
        Assert.DoesNotContain("918273", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_profiles_mfa_serial_puts_MFA_on_that_profiles_hop()
    {
        Env.WithConfig($"""
            [profile base]
            {TestEnvironment.ProfileKeys}

            [profile a]
            role_arn = arn:aws:iam::123456789012:role/a
            source_profile = base

            [profile b]
            role_arn = arn:aws:iam::123456789012:role/b
            source_profile = a
            mfa_serial = {Alice}
            """);

        var result = await Tool.RunAsync(Env, "--profile", "b", "--mfa-code", "654321", BackupRole);

        Assert.True(result.ExitCode == 0, result.ToString());
        var calls = (await AssumeRolesAsync());
        Assert.Equal(["arn:aws:iam::123456789012:role/a", "arn:aws:iam::123456789012:role/b", BackupRole], calls.Select(c => c["RoleArn"]));
        Assert.Equal([null, Alice, null], calls.Select(c => c["SerialNumber"]));
        Assert.Equal([null, "654321", null], calls.Select(c => c["TokenCode"]));
    }

    [Fact]
    public async Task Mfa_code_dash_reads_the_code_from_stdin()
    {
        var result = await Tool.RunAsync(Env, "024680\n", ProcessRunner.DefaultTimeout, "--mfa-serial", Alice, "--mfa-code", "-", "ec2-worker");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("024680", Assert.Single((await AssumeRolesAsync()))["TokenCode"]);
    }

    [Fact]
    public async Task Mfa_code_dash_takes_only_the_first_line_and_leaves_the_rest_of_stdin_to_the_command()
    {
        var result = await Tool.RunAsync(Env, "024680\nfor the command\n", ProcessRunner.DefaultTimeout, "-q", "--mfa-serial", Alice, "--mfa-code", "-", "ec2-worker", "--", "cat");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("for the command\n", result.Stdout);
        Assert.Equal("024680", Assert.Single((await AssumeRolesAsync()))["TokenCode"]);
    }

    [Fact]
    public async Task Mfa_code_dash_with_nothing_on_stdin_is_bad_input()
    {
        var result = await Tool.RunAsync(Env, string.Empty, ProcessRunner.DefaultTimeout, "--mfa-serial", Alice, "--mfa-code", "-", "ec2-worker");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("aws-assume-role: error: --mfa-code -: stdin is empty; pipe the 6-digit code in\n", result.Stderr);
        Assert.Empty((await RequestsAsync()));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData("")]
    public async Task A_code_that_is_not_six_digits_is_bad_input_and_calls_nothing(string code)
    {
        var result = await Tool.RunAsync(Env, "--mfa-serial", Alice, "--mfa-code", code, "ec2-worker");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.StartsWith("aws-assume-role: error: invalid --mfa-code: an MFA code is exactly 6 digits\n", result.Stderr, StringComparison.Ordinal);
        Assert.Empty((await RequestsAsync()));
    }

    [Fact]
    public async Task Without_a_terminal_or_a_code_it_fails_at_once_and_never_reads_stdin()
    {
        // setsid: a new session without a controlling terminal, so /dev/tty cannot be opened. A
        // valid code waits on stdin: a tool that read stdin would succeed.
        var setsid = MotoServer.FindExecutable("setsid") ?? throw new InvalidOperationException("setsid not found");

        var result = await ProcessRunner.RunAsync(setsid, ["-w", RepoPaths.Binary, "--mfa-serial", Alice, "ec2-worker"], Env.Variables, stdin: "123456\n", timeout: TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(
            $"aws-assume-role: error: hop 1 needs an MFA code for {Alice} and there is no terminal to ask for it on\n" +
            "hint: pass the code with --mfa-code 123456, or --mfa-code - to read it from stdin\n",
            result.Stderr);
        Assert.Empty((await RequestsAsync()));
    }

    [Fact]
    public async Task The_prompt_inside_command_substitution_appears_on_the_terminal_and_not_in_the_captured_output()
    {
        var captured = Path.Combine(Env.Directory, "captured");
        var exitCode = Path.Combine(Env.Directory, "exit-code");

        await using var terminal = await AtThePromptAsync($"out=$('{RepoPaths.Binary}' --mfa-serial {Alice} ec2-worker); rc=$?; printf '%s' \"$out\" > '{captured}'; echo $rc > '{exitCode}'");
        await terminal.TypeLineAsync("135790");
        var rc = await terminal.WaitForFileAsync(exitCode);

        Assert.Equal("0\n", rc);
        var output = await File.ReadAllTextAsync(captured);
        Assert.DoesNotContain("MFA code", output, StringComparison.Ordinal);
        Assert.StartsWith("AWS_ACCESS_KEY_ID=ASIA", output, StringComparison.Ordinal);
        var call = Assert.Single((await AssumeRolesAsync()));
        Assert.Equal(Alice, call["SerialNumber"]);
        Assert.Equal("135790", call["TokenCode"]);
    }

    [Fact]
    public async Task The_prompt_works_when_the_aws_cli_runs_the_tool_as_credential_process()
    {
        // The aws CLI captures the tool's stdout; the prompt must still reach the user.
        Env.WithConfig($"""
            [profile chained]
            credential_process = {RepoPaths.Binary} --format json --mfa-serial {Alice} ec2-worker
            """).With("AWS_DEFAULT_REGION", "us-east-1");
        var identity = Path.Combine(Env.Directory, "identity.json");

        await using var terminal = await AtThePromptAsync($"aws sts get-caller-identity --profile chained > '{identity}'");
        await terminal.TypeLineAsync("246802");
        var document = JsonDocument.Parse(await terminal.WaitForFileAsync(identity)).RootElement;

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/ec2-worker/moto", document.GetProperty("Arn").GetString());
        Assert.Equal("246802", (await AssumeRolesAsync()).Single(c => c["RoleArn"] == "arn:aws:iam::123456789012:role/ec2-worker")["TokenCode"]);
    }

    [Fact]
    public async Task Ctrl_C_at_the_prompt_ends_the_run_with_130_and_no_output()
    {
        var output = Path.Combine(Env.Directory, "output");
        var exitCode = Path.Combine(Env.Directory, "exit-code");

        await using var terminal = await AtThePromptAsync($"'{RepoPaths.Binary}' --mfa-serial {Alice} ec2-worker > '{output}'; echo $? > '{exitCode}'");
        await terminal.PressAsync("C-c");
        var rc = await terminal.WaitForFileAsync(exitCode);

        Assert.Equal("130\n", rc);
        Assert.Equal(string.Empty, await File.ReadAllTextAsync(output));
        Assert.Contains($"MFA code for {Alice}: ^C\naws-assume-role: error: interrupted", await terminal.ScreenAsync(), StringComparison.Ordinal);
        Assert.Empty((await AssumeRolesAsync()));
    }

    [Fact]
    public async Task A_mistyped_code_at_the_prompt_is_bad_input_and_the_hop_is_not_called()
    {
        var exitCode = Path.Combine(Env.Directory, "exit-code");

        await using var terminal = await AtThePromptAsync($"'{RepoPaths.Binary}' --mfa-serial {Alice} ec2-worker > /dev/null; echo $? > '{exitCode}'");
        await terminal.TypeLineAsync("12 34");
        var rc = await terminal.WaitForFileAsync(exitCode);

        Assert.Equal("2\n", rc);
        Assert.Contains("aws-assume-role: error: invalid MFA code typed at the prompt: an MFA code is exactly 6 digits", await terminal.ScreenAsync(), StringComparison.Ordinal);
        Assert.Empty((await AssumeRolesAsync()));
    }

    /// <summary>Starts a terminal, types <paramref name="commandLine"/> and waits for the MFA prompt.</summary>
    private async Task<TerminalSession> AtThePromptAsync(string commandLine)
    {
        var terminal = await TerminalSession.StartAsync(Env);
        try
        {
            await terminal.TypeLineAsync(commandLine);
            await terminal.WaitForScreenAsync(s => s.Contains($"MFA code for {Alice}: ", StringComparison.Ordinal), "the MFA prompt");
            return terminal;
        }
        catch
        {
            await terminal.DisposeAsync();
            throw;
        }
    }
}
