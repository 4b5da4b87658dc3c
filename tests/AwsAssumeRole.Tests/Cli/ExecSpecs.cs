using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.Json;
using AwsAssumeRole.Core.Exec;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// <c>ROLE... -- COMMAND</c> through the real binary against moto: the command's environment, its
/// exit code, signals sent to the tool, the shells' 126/127, and no secret in any argument list.
/// </summary>
[Collection("moto")]
[UnsupportedOSPlatform("windows")]
public sealed class ExecSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";
    private const UnixFileMode Mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    [Theory]
    [InlineData("exit 0", 0)]
    [InlineData("exit 1", 1)]
    [InlineData("exit 42", 42)]
    [InlineData("kill -TERM $$", 143)]
    [InlineData("kill -KILL $$", 137)]
    public async Task The_tool_exits_with_the_commands_code_128_plus_N_for_signal_N(string script, int expected)
    {
        // Act
        var result = await Tool.RunAsync(Env, "-q", "ec2-worker", "--", "sh", "-c", script);

        // Assert
        Assert.True(result.ExitCode == expected, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public async Task A_shell_sees_143_when_the_command_dies_of_SIGTERM()
    {
        // Act
        var result = await ProcessRunner.RunAsync(
            Shells.Bash, ["-c", "\"$BIN\" -q ec2-worker -- sh -c 'kill -TERM $$'; echo \"status $?\""], new Dictionary<string, string>(Env.Variables) { ["BIN"] = RepoPaths.Binary });

        // Assert
        Assert.Equal("status 143\n", result.Stdout);
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("HUP")]
    [InlineData("QUIT")]
    public async Task A_signal_sent_to_the_tool_reaches_the_command_and_nothing_is_left_behind(string signal)
    {
        // Arrange: a command that traps the signal, writes a file and ends; a marker finds its processes.
        var trapped = Path.Combine(Env.Directory, "trapped");
        var marker = "AAR_SPEC_RUN=" + Guid.NewGuid().ToString("N");
        Env.With("AAR_SPEC_RUN", marker.Split('=')[1]);
        using var tool = ProcessRunner.Start(
            RepoPaths.Binary,
            ["-q", "ec2-worker", "--", "sh", "-c", $"trap 'echo got {signal} > \"$0\"; exit 0' {signal}; echo ready; while :; do sleep 0.1; done", trapped],
            Env.Variables);
        await tool.WaitForStdoutAsync("ready", Timeout);

        // Act
        await Processes.SignalAsync(tool.Id, signal);
        var result = await tool.WaitAsync(Timeout);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"got {signal}\n", await File.ReadAllTextAsync(trapped));
        Assert.Empty(Processes.WithEnvironmentVariable(marker));
    }

    [Fact]
    public async Task SIGTERM_to_the_tool_ends_a_command_that_does_not_trap_it_with_143()
    {
        // Arrange
        using var tool = ProcessRunner.Start(RepoPaths.Binary, ["-q", "ec2-worker", "--", "sh", "-c", "echo ready; exec sleep 30"], Env.Variables);
        await tool.WaitForStdoutAsync("ready", Timeout);

        // Act
        await Processes.SignalAsync(tool.Id, "TERM");
        var result = await tool.WaitAsync(Timeout);

        // Assert
        Assert.True(result.ExitCode == 143, result.ToString());
    }

    [Fact]
    public async Task An_interrupt_while_the_chain_runs_ends_with_130_and_runs_no_command()
    {
        // Arrange: an STS endpoint that accepts connections and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        Env.With("AWS_ENDPOINT_URL_STS", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        var ran = Path.Combine(Env.Directory, "ran");
        using var tool = ProcessRunner.Start(RepoPaths.Binary, ["ec2-worker", "--", "sh", "-c", "touch \"$0\"", ran], Env.Variables);
        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(Timeout);

        // Act
        await Processes.SignalAsync(tool.Id, "INT");
        var result = await tool.WaitAsync(Timeout);

        // Assert
        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Equal("aws-assume-role: error: interrupted\n", result.Stderr);
        Assert.Equal(string.Empty, result.Stdout);
        Assert.False(File.Exists(ran));
    }

    [Fact]
    public async Task The_command_gets_the_chained_credentials_and_none_of_the_stale_variables()
    {
        // Arrange: everything a parent shell may hold that would steer an SDK elsewhere.
        var tokenFile = Path.Combine(Env.Directory, "web-identity-token");
        await File.WriteAllTextAsync(tokenFile, "not-a-token");
        var stale = new Dictionary<string, string>
        {
            ["AWS_PROFILE"] = "stale-profile",
            ["AWS_DEFAULT_PROFILE"] = "stale-default-profile",
            ["AWS_SECURITY_TOKEN"] = "stale-security-token",
            ["AWS_SESSION_TOKEN"] = "stale-session-token",
            ["AWS_ACCESS_KEY"] = "AKIASTALELEGACY00001",
            ["AWS_SECRET_KEY"] = "stale-legacy-secret",
            ["AWS_ROLE_ARN"] = "arn:aws:iam::111111111111:role/stale",
            ["AWS_ROLE_SESSION_NAME"] = "stale-session",
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile,
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:9/stale",
            ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/stale",
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "stale-authorization",
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = tokenFile,
            ["AWS_CREDENTIAL_FILE"] = tokenFile,
            ["AWS_ACCOUNT_ID"] = "111111111111",
        };
        foreach (var (name, value) in stale)
        {
            Env.With(name, value);
        }

        Env.Variables.Remove("AWS_SESSION_TOKEN"); // the source keys are long-term; the stale token is set below
        Env.With("AWS_SECURITY_TOKEN", "stale-security-token");

        // Act
        var printed = await Tool.RunAsync(Env, "-q", "--region", "us-east-1", "ec2-worker", BackupRole, "--", "env", "-0");
        var identity = await Tool.RunAsync(Env, "-q", "--region", "us-east-1", "ec2-worker", BackupRole, "--", "aws", "sts", "get-caller-identity");

        // Assert
        Assert.True(printed.ExitCode == 0, printed.ToString());
        var child = printed.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.All(stale.Keys.Where(k => k != "AWS_SESSION_TOKEN"), name => Assert.False(child.ContainsKey(name), $"{name} reached the command"));
        Assert.DoesNotContain(child.Values, value => value.Contains("stale", StringComparison.Ordinal) || value == tokenFile);
        Assert.StartsWith("ASIA", child["AWS_ACCESS_KEY_ID"], StringComparison.Ordinal);
        Assert.NotEqual(Env.Variables["AWS_SECRET_ACCESS_KEY"], child["AWS_SECRET_ACCESS_KEY"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", child["AWS_CREDENTIAL_EXPIRATION"]);
        Assert.Equal("us-east-1", child["AWS_REGION"]);
        Assert.Equal("us-east-1", child["AWS_DEFAULT_REGION"]);
        Assert.Equal(BackupRole, child[ChildEnvironment.ChainVariable]);
        Assert.False(child.ContainsKey("AWS_ASSUME_ROLE_DEPTH"), "the recursion guard reached the command");
        Assert.False(child.ContainsKey("AWS_ASSUME_ROLE_RESOLVING"), "the recursion guard reached the command");
        Assert.Equal(Env.Variables["AWS_CONFIG_FILE"], child["AWS_CONFIG_FILE"]);
        Assert.Equal(Moto.Endpoint, child["AWS_ENDPOINT_URL_STS"]);
        Assert.True(identity.ExitCode == 0, identity.ToString());
        Assert.Equal("arn:aws:sts::987654321098:assumed-role/backup-role/moto", JsonDocument.Parse(identity.Stdout).RootElement.GetProperty("Arn").GetString());
    }

    [Fact]
    public async Task A_nested_run_extends_the_chain_and_updates_the_marker()
    {
        // Act: the inner run starts from the outer run's credentials.
        var result = await Tool.RunAsync(
            Env, "-q", "ec2-worker", "--", RepoPaths.Binary, "-q", BackupRole, "--", "sh", "-c", "echo \"$AWS_ASSUME_ROLE_CHAIN\"; aws sts get-caller-identity --region us-east-1 --query Arn --output text");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"{BackupRole}\narn:aws:sts::987654321098:assumed-role/backup-role/moto\n", result.Stdout);
    }

    [Fact]
    public async Task A_command_that_is_not_found_exits_127_before_any_STS_call()
    {
        // Act
        var result = await Tool.RunAsync(Env, "ec2-worker", "--", "aar-no-such-command", "--help");

        // Assert
        Assert.True(result.ExitCode == 127, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal("aws-assume-role: error: command not found: aar-no-such-command (not found in PATH)\n", result.Stderr);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Theory]
    [InlineData("not executable, by path")]
    [InlineData("not executable, found in PATH")]
    [InlineData("a directory")]
    [InlineData("no #! line")]
    [InlineData("an empty file")]
    [InlineData("a missing interpreter")]
    [InlineData("a #! line ending in CR LF")]
    [InlineData("an interpreter without execute permission")]
    [InlineData("an interpreter that is a directory")]
    public async Task A_command_the_kernel_would_not_run_exits_126_with_one_line_before_any_STS_call(string what)
    {
        // Arrange
        var bin = Directory.CreateDirectory(Path.Combine(Env.Directory, "bin")).FullName;
        var file = Path.Combine(bin, "aar-command");
        var notExecutable = Path.Combine(Env.Directory, "not-an-interpreter");
        await File.WriteAllTextAsync(notExecutable, "#!/bin/sh\n");
        Env.With("PATH", bin + ":" + Env.Variables["PATH"]);
        var (content, command, why) = what switch
        {
            "not executable, by path" => ("#!/bin/sh\necho ran\n", file, "permission denied (is it executable?)"),
            "not executable, found in PATH" => ("#!/bin/sh\necho ran\n", "aar-command", "permission denied (is it executable?)"),
            "a directory" => (null, bin, "it is a directory"),
            "no #! line" => ("echo ran\n", file, "it is not in an executable format (a script needs a #! line)"),
            "an empty file" => (string.Empty, file, "it is not in an executable format (a script needs a #! line)"),
            "a missing interpreter" => ("#!/nonexistent/aar-sh\necho ran\n", "aar-command", "its interpreter /nonexistent/aar-sh was not found (check the #! line)"),
            "a #! line ending in CR LF" => ("#!/bin/sh\r\necho ran\r\n", file, @"its interpreter /bin/sh\x0d was not found (check the #! line)"),
            "an interpreter without execute permission" => ($"#!{notExecutable} -e\necho ran\n", file, $"its interpreter {notExecutable} is not executable (check the #! line)"),
            "an interpreter that is a directory" => ($"#!{bin}\necho ran\n", file, $"its interpreter {bin} is a directory (check the #! line)"),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
        if (content is not null)
        {
            await File.WriteAllTextAsync(file, content);
            File.SetUnixFileMode(file, what.StartsWith("not executable", StringComparison.Ordinal) ? UnixFileMode.UserRead | UnixFileMode.UserWrite : Mode755);
        }

        // Act
        var result = await Tool.RunAsync(Env, "ec2-worker", "--", command);

        // Assert
        Assert.True(result.ExitCode == 126, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Equal($"aws-assume-role: error: cannot run {(content is null ? bin : file)}: {why}\n", result.Stderr);
        if (what == "no #! line" && BinfmtMiscHasHandlers())
        {
            // binfmt_misc may run files of other formats: the check leaves this one to execve.
            return;
        }

        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task A_file_only_group_and_others_may_execute_runs_exactly_when_the_user_is_root()
    {
        // Arrange: execute permission for group and others only; root may execute it, its owner may not.
        var file = Path.Combine(Env.Directory, "aar-command");
        await File.WriteAllTextAsync(file, "#!/bin/sh\necho ran\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        // Act
        var result = await Tool.RunAsync(Env, "-q", "ec2-worker", "--", file);

        // Assert
        if (Environment.IsPrivilegedProcess)
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Equal("ran\n", result.Stdout);
        }
        else
        {
            Assert.True(result.ExitCode == 126, result.ToString());
            Assert.Equal($"aws-assume-role: error: cannot run {file}: permission denied (is it executable?)\n", result.Stderr);
            Assert.Equal(0, await Moto.StsRequestCountAsync());
        }
    }

    [Fact]
    public async Task A_file_that_may_not_be_executed_is_passed_over_for_the_next_one_in_PATH()
    {
        // Arrange: the same name twice in PATH, the first without execute permission (execvp goes on).
        var first = Directory.CreateDirectory(Path.Combine(Env.Directory, "first")).FullName;
        var second = Directory.CreateDirectory(Path.Combine(Env.Directory, "second")).FullName;
        await File.WriteAllTextAsync(Path.Combine(first, "aar-command"), "#!/bin/sh\necho first\n");
        await File.WriteAllTextAsync(Path.Combine(second, "aar-command"), "#!/bin/sh\necho second\n");
        File.SetUnixFileMode(Path.Combine(first, "aar-command"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Combine(second, "aar-command"), Mode755);
        Env.With("PATH", $"{first}:{second}:{Env.Variables["PATH"]}");

        // Act
        var result = await Tool.RunAsync(Env, "-q", "ec2-worker", "--", "aar-command");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("second\n", result.Stdout);
    }

    [Fact]
    public async Task Words_after_the_separator_belong_to_the_command_even_when_they_look_like_options()
    {
        // Act
        var result = await Tool.RunAsync(Env, "-q", "ec2-worker", "--", "sh", "-c", "echo \"$@\"", "sh", "--help", "--format", "json", "--", "-q", "whoami");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("--help --format json -- -q whoami\n", result.Stdout);
    }

    [Theory]
    [InlineData("nothing after '--'", "ec2-worker", "--")]
    [InlineData("--format does not apply", "--format", "json", "ec2-worker", "--", "true")]
    [InlineData("whoami does not run a command", "whoami", "ec2-worker", "--", "true")]
    [InlineData("no ROLE given", "--", "true")]
    public async Task A_command_line_that_cannot_run_a_command_is_bad_input(string message, params string[] arguments)
    {
        // Act
        var result = await Tool.RunAsync(Env, arguments);

        // Assert
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(string.Empty, result.Stdout);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task Help_shows_the_command_form_and_every_format()
    {
        // Act
        var result = await Tool.RunAsync(Env, "--help");

        // Assert
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ROLE... -- COMMAND [ARG...] runs COMMAND", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("env, export, fish, powershell, cmd, json", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_argument_list_on_the_machine_holds_a_secret_while_the_command_runs()
    {
        // Arrange: the command writes its credentials to a file, then sleeps as the same process.
        var secrets = Path.Combine(Env.Directory, "secrets");
        using var tool = ProcessRunner.Start(
            RepoPaths.Binary,
            ["-q", "ec2-worker", BackupRole, "--", "sh", "-c", "printf '%s\\n' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\" > \"$0\"; echo ready; exec sleep 30", secrets],
            Env.Variables);
        await tool.WaitForStdoutAsync("ready", Timeout);

        // Act
        var commandLines = Processes.CommandLines();

        // Assert
        var values = (await File.ReadAllLinesAsync(secrets)).Append(Env.Variables["AWS_SECRET_ACCESS_KEY"]).ToList();
        Assert.Equal(4, values.Count(v => v.Length >= 16));
        Assert.Equal("sleep 30 ", commandLines[tool.Id]);
        foreach (var (pid, commandLine) in commandLines)
        {
            Assert.All(values, value => Assert.False(commandLine.Contains(value, StringComparison.Ordinal), $"process {pid} shows a secret in its arguments"));
        }

        await Processes.SignalAsync(tool.Id, "TERM");
        Assert.Equal(143, (await tool.WaitAsync(Timeout)).ExitCode);
    }

    [Theory]
    [InlineData("HUP")]
    [InlineData("INT")]
    [InlineData("QUIT")]
    public async Task The_command_starts_with_the_signal_dispositions_and_mask_the_tool_was_given(string ignored)
    {
        // Arrange: a parent that ignores one signal (as nohup does) and leaves SIGPIPE at its
        // default. The .NET runtime ignores SIGPIPE for itself; the command must not inherit that.
        var env1 = MotoServer.FindExecutable("env")!;
        string[] parent = ["--default-signal=PIPE", $"--ignore-signal={ignored}"];
        string[] probe = ["sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"];

        // Act
        var direct = await ProcessRunner.RunAsync(env1, [.. parent, .. probe], Env.Variables);
        var viaTool = await ProcessRunner.RunAsync(env1, [.. parent, RepoPaths.Binary, "-q", "ec2-worker", "--", .. probe], Env.Variables);

        // Assert
        Assert.True(viaTool.ExitCode == 0, viaTool.ToString());
        Assert.Matches("^SigBlk:\t0{16}\nSigIgn:\t0{15}[124]\n$", direct.Stdout);
        Assert.Equal(direct.Stdout, viaTool.Stdout);
    }

    [Fact]
    public async Task On_a_terminal_the_command_output_is_all_there_is()
    {
        // Arrange: script(1) gives the tool a pseudo-terminal; the runtime must leave no escape sequence behind.
        var script = MotoServer.FindExecutable("script") ?? throw new InvalidOperationException("script(1) not found");

        // Act
        var result = await ProcessRunner.RunAsync(
            script, ["-qec", "\"$BIN\" -q ec2-worker -- printf done", "/dev/null"], new Dictionary<string, string>(Env.Variables) { ["BIN"] = RepoPaths.Binary, ["TERM"] = "xterm" });

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("done", result.Stdout);
    }

    /// <summary>Whether Linux's binfmt_misc has handlers that may run files of other formats.</summary>
    private static bool BinfmtMiscHasHandlers() =>
        Directory.Exists("/proc/sys/fs/binfmt_misc")
        && Directory.EnumerateFiles("/proc/sys/fs/binfmt_misc").Any(path => Path.GetFileName(path) is not ("status" or "register"));
}
