using System.Runtime.InteropServices;
using AwsAssumeRole.Core.Exec;

namespace AwsAssumeRole.Exec;

/// <summary>
/// Runs the command after <c>serve ... --</c> as a child, not by exec: the server must outlive the
/// start of the command. stdin, stdout and stderr are inherited; its environment is exactly the one
/// given. The exit code is the child's, 128+N when it died of signal N.
/// <para>
/// Every signal must reach the command exactly once. A signal sent to a whole process group (by the
/// kernel on a hang-up, by <c>timeout</c>, by <c>kill -- -PGID</c>) would reach a child in the
/// tool's group directly and again through the tool. So the child gets a group of its own, and the
/// tool passes on what it is sent: SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2 and SIGALRM,
/// each of which would otherwise end the tool and leave the child running against a closed port.
/// The exception is a tool in the foreground of a terminal: the child must stay in the terminal's
/// foreground group to read it and to get Ctrl-C and Ctrl-Z, so it shares the tool's group, and
/// SIGINT, SIGQUIT and SIGHUP, which the terminal and the shell send to the whole group, are not
/// passed on (a <c>kill -INT</c> of the tool alone then reaches only the tool: the documented way to
/// stop it from elsewhere is SIGTERM).
/// </para>
/// </summary>
internal static class ChildProcess
{
    private const int SIGHUP = 1; // the same on Linux and macOS, but for SIGUSR1 and SIGUSR2
    private const int SIGINT = 2;
    private const int SIGQUIT = 3;
    private const int SIGALRM = 14;
    private const int SIGTERM = 15;

    private static int SIGUSR1 => OperatingSystem.IsMacOS() ? 30 : 10;

    private static int SIGUSR2 => OperatingSystem.IsMacOS() ? 31 : 12;

    /// <summary>Starts <paramref name="path"/> (the checked <paramref name="command"/>[0]) and waits for it.</summary>
    public static async Task<int> RunAsync(string path, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, Action<int>? started = null)
    {
        if (OperatingSystem.IsWindows())
        {
            return await RunOnWindowsAsync(path, command, environment, started).ConfigureAwait(false);
        }

        // Decided once: a later fg or bg cannot move a child that has started into another group.
        var sharesTerminal = Posix.InForegroundOfTerminal();
        var relay = new Relay();
        int[] terminalSignals = sharesTerminal ? [SIGINT, SIGQUIT, SIGHUP] : [];

        // Registered before the start: a signal meanwhile is kept for the child, not fatal to the tool.
        var registrations = new[] { SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM }.Select(signal => PosixSignalRegistration.Create((PosixSignal)signal, context =>
        {
            // The tool stays up while the command does: it decides when they both end.
            context.Cancel = true;
            if (!terminalSignals.Contains(signal))
            {
                relay.Send(signal);
            }
        })).ToList();
        try
        {
            var pid = Start(path, command, environment, ownProcessGroup: !sharesTerminal);
            relay.Started(pid);
            started?.Invoke(pid);
            return await WaitAsync(pid, relay).ConfigureAwait(false);
        }
        finally
        {
            registrations.ForEach(registration => registration.Dispose());
        }
    }

    private static int Start(string path, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, bool ownProcessGroup)
    {
        var argv = CommandRunner.NativeStrings(command);
        var envp = CommandRunner.NativeStrings(environment.Select(variable => variable.Key + "=" + variable.Value).ToList());
        try
        {
            var error = Posix.Spawn(path, argv, envp, ownProcessGroup, out var pid);

            // Checked before any call (CommandRunner.CheckFound); this is what changed since.
            return error switch
            {
                0 => pid,
                2 => throw CommandSearch.NotFound(command[0], "not found"),
                _ => throw CommandSearch.CannotRun(path, Core.Errors.Messages.OneLine(Marshal.GetPInvokeErrorMessage(error))),
            };
        }
        finally
        {
            CommandRunner.Free(argv);
            CommandRunner.Free(envp);
        }
    }

    /// <summary>The runtime does not know the child (it did not start it): a thread of its own waits in waitid.</summary>
    private static Task<int> WaitAsync(int pid, Relay relay)
    {
        var exit = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = new Thread(() =>
        {
            try
            {
                exit.SetResult(Posix.WaitForExit(pid, relay.Ended));
            }
            catch (InvalidOperationException e)
            {
                exit.SetException(e);
            }
        })
        { IsBackground = true, Name = "command" };
        waiter.Start();
        return exit.Task;
    }

    private static async Task<int> RunOnWindowsAsync(string path, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, Action<int>? started)
    {
        using var process = CommandRunner.StartOnWindows(path, command, environment);

        // The console delivers Ctrl+C to both; there is no kill(2) to pass anything on with.
        started?.Invoke(process.Id);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>Passes signals on to the child: kept until it has started, dropped once it has ended.</summary>
    private sealed class Relay
    {
        private readonly Lock gate = new();
        private readonly List<int> early = [];
        private int pid;
        private bool ended;

        public void Send(int signal)
        {
            lock (gate)
            {
                if (ended)
                {
                    return;
                }

                if (pid == 0)
                {
                    early.Add(signal);
                    return;
                }

                _ = Posix.SendSignal(pid, signal);
            }
        }

        public void Started(int child)
        {
            lock (gate)
            {
                pid = child;
                early.ForEach(signal => Posix.SendSignal(pid, signal));
                early.Clear();
            }
        }

        /// <summary>Called while the ended child is a zombie: its pid is not anyone else's yet.</summary>
        public void Ended()
        {
            lock (gate)
            {
                ended = true;
            }
        }
    }
}
