using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Cli;

/// <summary>
/// The standard descriptors as real shells hand them over: files that already hold lines, <c>&gt;&gt;</c>,
/// FIFOs, pipes whose reader goes away, closed and full descriptors, a terminal; and no core dump.
/// Everything runs the native binary through <c>bash -c</c>, with <c>timeout</c> so a hang fails.
/// </summary>
[Collection("moto")]
[UnsupportedOSPlatform("windows")]
public sealed class OutputPlumbingSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private const string BackupRole = "arn:aws:iam::987654321098:role/backup-role";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A pipe whose reader has closed its end before the tool writes: the reader closes stdin, then
    /// tells the writer through a FIFO, and only then does the writer start the tool.
    /// </summary>
    private const string ClosedReader = "{ exec 0<&-; echo > \"$DIR/ready\"; }";
    private const string AfterReaderClosed = "read -r _ < \"$DIR/ready\";";

    private static readonly string[] Credentials = ["AWS_ACCESS_KEY_ID=", "AWS_SECRET_ACCESS_KEY=", "AWS_SESSION_TOKEN=", "AWS_CREDENTIAL_EXPIRATION="];

    private static readonly string[] Switched =
    [
        "INFO: Switched to role arn:aws:iam::123456789012:role/ec2-worker",
        "INFO: Switched to role " + BackupRole,
    ];

    [Fact]
    public async Task Stdout_to_a_file_lands_between_the_lines_written_before_and_after_it()
    {
        // Act
        var result = await BashAsync("""{ echo before; "$TOOL" ec2-worker "$B"; echo after; } > "$DIR/out" 2>/dev/null""");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertLines(["before", .. Credentials, "after"], await ReadAsync("out"));
    }

    [Fact]
    public async Task Stderr_to_a_file_lands_between_the_lines_written_before_and_after_it()
    {
        // Act
        var result = await BashAsync("""{ echo before >&2; "$TOOL" ec2-worker "$B"; echo after >&2; } 2> "$DIR/err" >/dev/null""");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertLines(["before", .. Switched, "after"], await ReadAsync("err"));
    }

    [Fact]
    public async Task Both_streams_to_one_log_keep_every_line_in_order()
    {
        // Act: the cron or CI way, '> log 2>&1', with lines from other commands around the run
        var result = await BashAsync("""{ echo before; "$TOOL" ec2-worker "$B"; echo after; } > "$DIR/log" 2>&1""");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertLines(["before", .. Switched, .. Credentials, "after"], await ReadAsync("log"));
    }

    [Fact]
    public async Task Appending_to_a_file_that_already_has_lines_keeps_them()
    {
        // Arrange
        await File.WriteAllTextAsync(Path.Combine(Env.Directory, "out"), "line 1\nline 2\n");

        // Act
        var result = await BashAsync("""{ "$TOOL" ec2-worker "$B"; echo after; } >> "$DIR/out" 2>> "$DIR/out" """);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertLines(["line 1", "line 2", .. Switched, .. Credentials, "after"], await ReadAsync("out"));
    }

    [Fact]
    public async Task Stdout_into_a_FIFO_reaches_its_reader()
    {
        // Act
        var result = await BashAsync("""mkfifo "$DIR/fifo"; cat "$DIR/fifo" > "$DIR/out" & "$TOOL" -q ec2-worker "$B" > "$DIR/fifo"; echo "status $?"; wait""");

        // Assert
        Assert.Equal("status 0\n", result.Stdout);
        AssertLines(Credentials, await ReadAsync("out"));
    }

    [Theory]
    [InlineData("ec2-worker", "2>> \"$DIR/err\"")]
    [InlineData("ec2-worker \"$B\"", "2>> \"$DIR/err\"")]
    [InlineData("ec2-worker", "2>&1")]
    [InlineData("ec2-worker \"$B\"", "2>&1")]
    public async Task A_reader_that_takes_one_line_never_crashes_the_tool(string roles, string redirection)
    {
        // Act: 20 runs, as a race between the reader leaving and the tool writing decides the outcome
        var result = await BashAsync(
            $$"""
            for run in $(seq 20); do
              "$TOOL" {{roles}} {{redirection}} | head -1 >> "$DIR/first-lines"
              echo "${PIPESTATUS[0]}"
            done
            """);

        // Assert: each run ended with success or the broken-pipe status, never a crash (134) or 1
        var statuses = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var stderr = File.Exists(Path.Combine(Env.Directory, "err")) ? await ReadAsync("err") : string.Empty;
        Assert.Equal(20, statuses.Length);
        Assert.All(statuses, status => Assert.True(status is "0" or "141", $"exit {status}\n{result}\n{stderr}"));
        var firstLines = (await ReadAsync("first-lines")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20, firstLines.Length);
        var expectedFirst = redirection == "2>&1" ? Switched[0] : "AWS_ACCESS_KEY_ID=";
        Assert.All(firstLines, line => Assert.StartsWith(expectedFirst, line, StringComparison.Ordinal));
        Assert.All(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Contains(line, Switched));
    }

    [Fact]
    public async Task Credentials_into_a_pipe_whose_reader_has_gone_end_the_run_quietly_with_141()
    {
        // Act
        var result = await BashAsync($$"""{ {{AfterReaderClosed}} "$TOOL" ec2-worker "$B" 2> "$DIR/err"; echo "status $?" > "$DIR/status"; } | {{ClosedReader}}""");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("status 141\n", await ReadAsync("status"));
        AssertLines(Switched, await ReadAsync("err"));
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    public async Task Help_into_a_pipe_whose_reader_has_gone_exits_0_without_a_word(string option)
    {
        // Act
        var result = await BashAsync($$"""{ {{AfterReaderClosed}} "$TOOL" {{option}} 2> "$DIR/err"; echo "status $?" > "$DIR/status"; } | {{ClosedReader}}""");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("status 0\n", await ReadAsync("status"));
        Assert.Equal(string.Empty, await ReadAsync("err"));
    }

    [Theory]
    [InlineData("2>&-")]
    [InlineData("2>/dev/full")]
    public async Task An_unwritable_stderr_changes_neither_the_exit_code_nor_stdout(string redirection)
    {
        // Act
        var result = await BashAsync($"""exec "$TOOL" ec2-worker "$B" {redirection}""");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        AssertLines(Credentials, result.Stdout);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public async Task Stderr_into_a_pipe_whose_reader_has_gone_changes_neither_the_exit_code_nor_stdout()
    {
        // Act: stdout to the test, stderr into the broken pipe
        var result = await BashAsync($$"""exec 3>&1; { {{AfterReaderClosed}} "$TOOL" ec2-worker "$B" 2>&1 >&3; echo "status $?" >&3; } | {{ClosedReader}}""");

        // Assert
        AssertLines([.. Credentials, "status 0"], result.Stdout);
    }

    [Theory]
    [InlineData("2>&-")]
    [InlineData("2>/dev/full")]
    public async Task With_an_unwritable_stderr_the_command_still_runs(string redirection)
    {
        // Act
        var result = await BashAsync($"""exec "$TOOL" ec2-worker "$B" -- sh -c 'echo "ran as $AWS_ASSUME_ROLE_CHAIN"' {redirection}""");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"ran as {BackupRole}\n", result.Stdout);
    }

    [Theory]
    [InlineData("ec2-worker \"$B\"", "the credentials (to give them to a command, put it after '--')")]
    [InlineData("whoami", "the identity")]
    [InlineData("cache list", "the list")]
    [InlineData("completion bash", "the script")]
    [InlineData("--help", "the help")]
    [InlineData("version", "the version")]
    public async Task A_closed_stdout_is_bad_input_before_any_call(string arguments, string what)
    {
        // Act
        var result = await BashAsync($"""exec "$TOOL" {arguments} >&-""");

        // Assert
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"aws-assume-role: error: stdout is closed: there is nowhere to print {what}\n", result.Stderr);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Fact]
    public async Task A_full_stdout_is_one_error_line_and_exit_1()
    {
        // Act
        var result = await BashAsync("""exec "$TOOL" -q ec2-worker > /dev/full""");

        // Assert
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("aws-assume-role: error: cannot write to stdout: No space left on device\n", result.Stderr);
    }

    [Fact]
    public async Task With_stdout_and_stderr_closed_nothing_is_written_to_a_descriptor_of_the_runtime()
    {
        // Arrange: strace records every write; the runtime opens its own descriptors (a signal pipe,
        // /dev/urandom) on the lowest free numbers, which the closed 1 and 2 would be
        var strace = MotoServer.FindExecutable("strace") ?? throw new InvalidOperationException("strace not found (scripts/ensure-tools installs it)");

        // Act
        var result = await BashAsync($"""{strace} -f -qq -o "$DIR/trace" -e trace=write,pwrite64,writev "$TOOL" ec2-worker >&- 2>&-; echo "status $?" """);
        var trace = await ReadAsync("trace");

        // Assert: the error message went to no descriptor at all
        Assert.Equal("status 2\n", result.Stdout);
        var writes = trace.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.Contains("write", StringComparison.Ordinal));
        Assert.All(writes, line => Assert.Contains("write(-1, ", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_run_with_closed_descriptors_gets_them_closed()
    {
        // Act: the tool fills closed descriptors for itself only (close-on-exec)
        var result = await BashAsync("""exec "$TOOL" -q ec2-worker -- sh -c 'for fd in 0 1; do test -e /proc/$$/fd/$fd && echo "$fd open" >&2 || echo "$fd closed" >&2; done' <&- >&-""");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("0 closed\n1 closed\n", result.Stderr);
    }

    [Fact]
    public async Task Mfa_code_dash_with_stdin_closed_is_bad_input_at_once()
    {
        // Act
        var result = await BashAsync("""timeout 20 "$TOOL" --mfa-serial arn:aws:iam::123456789012:mfa/alice --mfa-code - ec2-worker <&-""");

        // Assert: not 124 (timeout's status for a hang)
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("aws-assume-role: error: --mfa-code -: stdin is closed; pipe the 6-digit code in\n", result.Stderr);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Theory]
    [InlineData("< /dev/zero")]
    [InlineData("< <(yes 1 2>/dev/null | tr -d '\\n' 2>/dev/null)")]
    public async Task Mfa_code_dash_with_endless_input_and_no_newline_gives_up_after_a_line(string redirection)
    {
        // Act
        var result = await BashAsync($"""timeout 20 "$TOOL" --mfa-serial arn:aws:iam::123456789012:mfa/alice --mfa-code - ec2-worker {redirection}""");

        // Assert
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal("aws-assume-role: error: --mfa-code -: no end of line in the first 1024 bytes of stdin; pipe the 6-digit code in, on a line of its own\n", result.Stderr);
        Assert.Equal(0, await Moto.StsRequestCountAsync());
    }

    [Theory]
    [InlineData("--help", "^Description:\r\n")]
    [InlineData("--version", "^[0-9]+\\.[0-9]+\\.[0-9]+\\+[0-9a-f]{12}\r\n")]
    public async Task Help_on_a_terminal_prints_the_text_and_no_escape_sequence(string option, string firstLinePattern)
    {
        // Arrange: a terminal type with keypad sequences, for the runtime to find in terminfo
        Env.With("TERM", "xterm");

        // Act: script(1) gives the tool a pseudo-terminal as stdin, stdout and stderr
        var result = await BashAsync($"""script -qec "$TOOL {option}" /dev/null < /dev/null""");

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(firstLinePattern, result.Stdout);
        Assert.DoesNotContain('\u001b', result.Stdout);
    }

    [Fact]
    public async Task A_run_killed_with_a_secret_in_memory_and_stderr_closed_leaves_no_core_file()
    {
        // Arrange: an STS endpoint that never answers holds the run, source keys read, until it is killed
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        Env.With("AWS_ENDPOINT_URL_STS", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        var folder = Directory.CreateDirectory(Path.Combine(Env.Directory, "cores")).FullName;
        await AssertThisMachineWritesCoresAsync(folder);

        // Act
        using var tool = ProcessRunner.Start(Shells.Bash, ["-c", "ulimit -c unlimited && exec \"$TOOL\" ec2-worker 2>&-"], Variables(), folder);
        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(Timeout);
        await Processes.SignalAsync(tool.Id, "ABRT");
        var result = await tool.WaitAsync(Timeout);

        // Assert
        Assert.True(result.ExitCode == 134, result.ToString());
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public async Task While_it_runs_with_a_secret_in_memory_no_other_process_of_the_same_user_can_read_it()
    {
        // Arrange: the run as an unprivileged user, held by an endpoint that never answers, and a
        // shell of that same user as the control (its environment holds the same keys)
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        Env.With("AWS_ENDPOINT_URL_STS", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        File.SetUnixFileMode(Env.Directory, (UnixFileMode)0b111_101_101);
        var setpriv = MotoServer.FindExecutable("setpriv") ?? throw new InvalidOperationException("setpriv not found on PATH");
        string[] asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
        using var tool = ProcessRunner.Start(setpriv, [.. asNobody, RepoPaths.Binary, "--no-cache", "ec2-worker"], Env.Variables);
        using var connection = await silent.AcceptTcpClientAsync().WaitAsync(Timeout);
        using var control = ProcessRunner.Start(setpriv, [.. asNobody, "sh", "-c", "echo ready; exec sleep 60"], Env.Variables);
        await control.WaitForStdoutAsync("ready", Timeout);

        // Act
        var ofControl = await ProcessRunner.RunAsync(setpriv, [.. asNobody, "cat", $"/proc/{control.Id}/environ"], Env.Variables, timeout: Timeout);
        var ofTool = await ProcessRunner.RunAsync(setpriv, [.. asNobody, "cat", $"/proc/{tool.Id}/environ"], Env.Variables, timeout: Timeout);

        // Assert: the tool is not dumpable (no core, no debugger, no /proc/PID/mem or environ)
        Assert.True(ofControl.ExitCode == 0 && ofControl.Stdout.Contains("AWS_SECRET_ACCESS_KEY=", StringComparison.Ordinal), ofControl.ToString());
        Assert.True(ofTool.ExitCode != 0, ofTool.ToString());
        Assert.Contains("Permission denied", ofTool.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, ofTool.Stdout);
    }

    [Fact]
    public async Task A_command_run_after_the_double_dash_keeps_its_own_core_dump_setting()
    {
        // Arrange: the tool's no-core setting is for itself; a limit would be inherited by the command
        var folder = Directory.CreateDirectory(Path.Combine(Env.Directory, "cores")).FullName;

        // Act
        var result = await ProcessRunner.RunAsync(Shells.Bash, ["-c", "ulimit -c unlimited && \"$TOOL\" -q ec2-worker -- sh -c 'kill -ABRT $$'"], Variables(), timeout: Timeout, workingDirectory: folder);

        // Assert
        Assert.True(result.ExitCode == 134, result.ToString());
        Assert.NotEmpty(Directory.GetFiles(folder));
    }

    /// <summary>A process that aborts in <paramref name="folder"/> must leave a core there, or the check above proves nothing.</summary>
    private async Task AssertThisMachineWritesCoresAsync(string folder)
    {
        var control = await ProcessRunner.RunAsync(Shells.Bash, ["-c", "ulimit -c unlimited && sh -c 'kill -ABRT $$'"], Variables(), timeout: Timeout, workingDirectory: folder);
        var pattern = await File.ReadAllTextAsync("/proc/sys/kernel/core_pattern");
        Assert.True(control.ExitCode == 134 && Directory.GetFiles(folder).Length == 1, $"a process killed by SIGABRT left no core file in its working folder (core_pattern {pattern.Trim()}): no-core checks cannot be made on this machine\n{control}");
        File.Delete(Directory.GetFiles(folder)[0]);
    }

    private Dictionary<string, string> Variables() =>
        new(Env.Variables) { ["TOOL"] = RepoPaths.Binary, ["B"] = BackupRole, ["DIR"] = Env.Directory };

    private Task<ProcessResult> BashAsync(string script) =>
        ProcessRunner.RunAsync(Shells.Bash, ["-c", script], Variables(), timeout: Timeout);

    private Task<string> ReadAsync(string name) => File.ReadAllTextAsync(Path.Combine(Env.Directory, name));

    /// <summary>Each line starts with the expected prefix (a credential's value is unknown), and there are no others.</summary>
    private static void AssertLines(IReadOnlyList<string> expectedPrefixes, string text)
    {
        var lines = text.Split('\n');
        Assert.True(lines.Length == expectedPrefixes.Count + 1 && lines[^1].Length == 0, $"expected {expectedPrefixes.Count} lines:\n{string.Join('\n', expectedPrefixes)}\ngot:\n{text}");
        for (var index = 0; index < expectedPrefixes.Count; index++)
        {
            Assert.True(lines[index].StartsWith(expectedPrefixes[index], StringComparison.Ordinal), $"line {index + 1}: expected '{expectedPrefixes[index]}...':\n{text}");
        }
    }
}
