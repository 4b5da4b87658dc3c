using System.Runtime.Versioning;
using AwsAssumeRole.Tests.Infrastructure;

namespace AwsAssumeRole.Tests.Server;

/// <summary>
/// Which signals reach the command run by <c>serve --</c>, how many times and from whom, when they are
/// sent to serve, to its process group (setsid, timeout) or by the terminal serve runs in; and what
/// they do to serve without a command. The command logs the sender of each signal it gets
/// (<see cref="SignalLog"/>): a signal passed on by serve comes from serve's pid.
/// </summary>
[Collection("serve")]
[UnsupportedOSPlatform("windows")]
public sealed class ServeSignalSpecs(MotoFixture moto) : MotoSpecs(moto)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_signal_sent_to_the_process_group_of_serve_reaches_the_command_once_passed_on_by_serve()
    {
        // Arrange: serve leads a session and a group of its own, as a service manager would start it
        var log = await SignalLog.CreateAsync(Env.Directory);
        var setsid = MotoServer.FindExecutable("setsid") ?? throw new InvalidOperationException("setsid not found on PATH");
        using var serve = ProcessRunner.Start(setsid, [RepoPaths.Binary, "-q", "serve", "ec2-worker", "--", .. log.Command], Env.Variables);
        var command = await log.WaitStartedAsync();

        // Act
        await Processes.SignalGroupAsync(serve.Id, "TERM");
        var result = await serve.WaitAsync(Timeout);

        // Assert: not the group's own copy, which would come from kill(1)
        Assert.True(result.ExitCode == 43, result.ToString());
        Assert.Equal(serve.Id, command.Parent);
        Assert.Equal([("TERM", serve.Id)], log.Received());
    }

    [Fact]
    public async Task Timeout_ending_serve_gives_the_command_one_SIGTERM()
    {
        // Arrange: timeout runs serve in a group of its own and, when it ends it, signals serve and then the group
        var log = await SignalLog.CreateAsync(Env.Directory);
        var timeout = MotoServer.FindExecutable("timeout") ?? throw new InvalidOperationException("timeout not found on PATH");
        using var timed = ProcessRunner.Start(timeout, ["-s", "TERM", "120", RepoPaths.Binary, "-q", "serve", "ec2-worker", "--", .. log.Command], Env.Variables);
        var command = await log.WaitStartedAsync();

        // Act: timeout passes on a SIGTERM it gets the way it sends its own at the deadline
        await Processes.SignalAsync(timed.Id, "TERM");
        var result = await timed.WaitAsync(Timeout);

        // Assert
        Assert.True(result.ExitCode == 43, result.ToString());
        Assert.Equal([("TERM", command.Parent)], log.Received());
    }

    [Theory]
    [InlineData("USR1")]
    [InlineData("USR2")]
    [InlineData("ALRM")]
    public async Task Another_signal_that_would_end_serve_is_passed_on_and_serve_goes_on(string signal)
    {
        // Arrange
        var log = await SignalLog.CreateAsync(Env.Directory);
        using var serve = ProcessRunner.Start(RepoPaths.Binary, ["-q", "serve", "ec2-worker", "--", .. log.Command], Env.Variables);
        var command = await log.WaitStartedAsync();

        // Act
        await Processes.SignalAsync(serve.Id, signal);
        await log.WaitForAsync(signal);
        Assert.False(serve.Process.HasExited, "serve ended: " + serve.Stderr);
        await Processes.SignalAsync(serve.Id, "TERM");
        var result = await serve.WaitAsync(Timeout);

        // Assert: the command had a group of its own (no terminal), and got each signal once, from serve
        Assert.True(result.ExitCode == 43, result.ToString());
        Assert.Equal(command.Pid, command.Group);
        Assert.Equal([(signal, serve.Id), ("TERM", serve.Id)], log.Received());
    }

    [Fact]
    public async Task Closing_the_terminal_serve_runs_in_gives_the_command_the_hang_up_only_from_the_terminal_and_the_shell()
    {
        // Arrange: serve in the foreground of a shell in a terminal
        var log = await SignalLog.CreateAsync(Env.Directory);
        (int Parent, int Group, int Pid) command;
        await using (var terminal = await TerminalSession.StartAsync(Env))
        {
            await terminal.TypeLineAsync($"'{RepoPaths.Binary}' -q serve ec2-worker -- {string.Join(' ', log.Command.Select(word => $"'{word}'"))}");
            command = await log.WaitStartedAsync();

            // Act: the terminal goes away (its tmux server is killed at the end of this block) ...
        }

        // ... then serve is stopped from elsewhere
        await log.WaitForAsync("HUP");
        await Processes.SignalAsync(command.Parent, "TERM");
        await log.WaitForAsync("TERM");

        // Assert: the command shares serve's group (it may read the terminal), so the hang-up reached
        // it from the shell and the kernel, as it reaches any program run at a prompt; serve passed on
        // only the SIGTERM sent to it alone
        Assert.Equal(command.Parent, command.Group);
        var received = log.Received();
        Assert.DoesNotContain(("HUP", command.Parent), received);
        Assert.Equal([("TERM", command.Parent)], received.Where(signal => signal.Signal != "HUP"));
    }

    [Fact]
    public async Task Ctrl_C_at_the_terminal_reaches_the_command_once_from_the_terminal()
    {
        // Arrange
        var log = await SignalLog.CreateAsync(Env.Directory);
        await using var terminal = await TerminalSession.StartAsync(Env);
        await terminal.TypeLineAsync($"'{RepoPaths.Binary}' -q serve ec2-worker -- {string.Join(' ', log.Command.Select(word => $"'{word}'"))}");
        var command = await log.WaitStartedAsync();

        // Act
        await terminal.PressAsync("C-c");
        await log.WaitForAsync("INT");
        await Processes.SignalAsync(command.Parent, "TERM");
        await log.WaitForAsync("TERM");

        // Assert: the kernel's (sender 0), not one passed on by serve besides
        Assert.Equal([("INT", 0), ("TERM", command.Parent)], log.Received());
    }

    [Theory]
    [InlineData("HUP")]
    [InlineData("QUIT")]
    public async Task Without_a_command_SIGHUP_and_SIGQUIT_stop_it_as_SIGTERM_does(string signal)
    {
        // Arrange
        using var served = await ServedEndpoint.StartAsync(Env, "ec2-worker");

        // Act
        await Processes.SignalAsync(served.Process.Id, signal);
        var result = await served.Process.WaitAsync(Timeout);

        // Assert
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("INFO: serve: stopped", result.Stderr, StringComparison.Ordinal);
        Assert.False(await ServedEndpoint.IsListeningAsync(served.Port));
    }

    [Fact]
    public async Task A_parent_that_ignores_SIGCHLD_still_gets_the_commands_exit_code()
    {
        // Arrange: an ignored SIGCHLD is inherited, and makes the kernel reap children unasked
        const string ignoring = "import os, signal, sys; signal.signal(signal.SIGCHLD, signal.SIG_IGN); os.execv(sys.argv[1], sys.argv[1:])";
        var python = MotoServer.FindExecutable("python3") ?? throw new InvalidOperationException("python3 not found on PATH");

        // Act
        var result = await ProcessRunner.RunAsync(python, ["-c", ignoring, RepoPaths.Binary, "-q", "serve", "ec2-worker", "--", "sh", "-c", "exit 7"], Env.Variables, timeout: Timeout);

        // Assert
        Assert.True(result.ExitCode == 7, result.ToString());
    }
}
