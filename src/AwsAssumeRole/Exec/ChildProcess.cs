using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using AwsAssumeRole.Core.Exec;

namespace AwsAssumeRole.Exec;

/// <summary>
/// Runs the command after <c>serve ... --</c> as a child, not by exec: the server must outlive the
/// start of the command. stdin, stdout and stderr are inherited; its environment is exactly the one
/// given. SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to the tool are passed on to it, except a Ctrl-C
/// or Ctrl-\ typed on the terminal the tool is in the foreground of: the terminal delivered that to
/// the child already (same process group), and a second SIGINT makes tools such as terraform stop
/// at once instead of cleanly. The exit code is the child's, 128+N when it died of signal N.
/// </summary>
internal static class ChildProcess
{
    // The same numbers on Linux and macOS.
    private static readonly (PosixSignal Signal, int Number)[] Forwarded =
        [(PosixSignal.SIGINT, 2), (PosixSignal.SIGQUIT, 3), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1)];

    /// <summary>Starts <paramref name="path"/> (the checked <paramref name="command"/>[0]) and waits for it.</summary>
    public static async Task<int> RunAsync(string path, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment, Action<int>? started = null)
    {
        var info = new ProcessStartInfo(path) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Start(info, command[0], path);
        started?.Invoke(process.Id);
        // On Windows the console delivers Ctrl+C to both; there is no kill(2) to pass anything on with.
        var registrations = OperatingSystem.IsWindows() ? [] : Forwarded.Select(forward => PosixSignalRegistration.Create(forward.Signal, context =>
        {
            // The tool stays up while the command does: it decides when they both end.
            context.Cancel = true;
            var typedAtTerminal = forward.Signal is PosixSignal.SIGINT or PosixSignal.SIGQUIT && Posix.InForegroundOfTerminal();
            if (!typedAtTerminal)
            {
                _ = Posix.SendSignal(process.Id, forward.Number);
            }
        })).ToList();
        try
        {
            await process.WaitForExitAsync().ConfigureAwait(false);
            return process.ExitCode;
        }
        finally
        {
            registrations.ForEach(registration => registration.Dispose());
        }
    }

    private static Process Start(ProcessStartInfo info, string command, string path)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                return Process.Start(info) ?? throw CommandSearch.NotFound(command, "not started");
            }

            // The runtime ignores SIGPIPE and a child inherits an ignored signal: 'yes | head -1'
            // in the command would never end. Default for the instant of the fork; this process
            // writes nothing meanwhile (its sockets send with MSG_NOSIGNAL anyway).
            Posix.RestoreSignalDispositions();
            try
            {
                return Process.Start(info) ?? throw CommandSearch.NotFound(command, "not started");
            }
            finally
            {
                Posix.IgnoreBrokenPipes();
            }
        }
        catch (Win32Exception e)
        {
            // Checked before any call (CommandRunner.CheckFound); this is what changed since.
            throw e.NativeErrorCode is 2
                ? CommandSearch.NotFound(command, "not found")
                : CommandSearch.CannotRun(path, Core.Errors.Messages.OneLine(e.Message));
        }
    }
}
