using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using AwsAssumeRole.Core.Exec;
using AwsAssumeRole.Streams;

namespace AwsAssumeRole.Exec;

/// <summary>
/// Runs the command after <c>--</c>. On Linux and macOS the tool becomes the command (<c>execve</c>):
/// same process, so signals sent to the tool reach the command unchanged, the exit status (a
/// signal's death included) is the command's own, and no process is left behind because there is
/// no second one. On Windows, where there is no exec, the tool starts the command and waits.
/// </summary>
internal static class CommandRunner
{
    /// <summary>
    /// Checks, before any network call, that the command is there (exit 127 otherwise) and that the
    /// kernel would run it (exit 126 otherwise): execute permission, format, a #! interpreter.
    /// </summary>
    public static void CheckFound(string command, string? path)
    {
        if (!OperatingSystem.IsWindows())
        {
            _ = CommandSearch.Check(command, path, new ExecutableFiles());
        }
    }

    /// <summary>
    /// Runs <paramref name="command"/> with exactly <paramref name="environment"/>. On Unix it returns
    /// only by throwing (126/127) because the command could not start; on Windows it returns the
    /// command's exit code.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        if (OperatingSystem.IsWindows())
        {
            return await RunChildAsync(command, environment).ConfigureAwait(false);
        }

        var candidates = CommandSearch.Locate(command[0], environment.GetValueOrDefault("PATH"), File.Exists, Directory.Exists);
        var argv = NativeStrings(command);
        var envp = NativeStrings(environment.Select(variable => variable.Key + "=" + variable.Value).ToList());
        try
        {
            Posix.RestoreSignalDispositions();
            CoreDumps.RestoreForCommand();
            throw CommandSearch.Start(command[0], candidates, candidate => Posix.Execve(candidate, argv, envp), Marshal.GetPInvokeErrorMessage);
        }
        finally
        {
            Free(argv);
            Free(envp);
        }
    }

    private static async Task<int> RunChildAsync(IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        using var process = StartOnWindows(command[0], command, environment);

        // Ctrl+C reaches the command through the console they share; the tool only waits for it.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    /// <summary>Starts <paramref name="file"/> with <paramref name="command"/>'s arguments and exactly <paramref name="environment"/> (Windows: no exec, no spawn of our own).</summary>
    internal static Process StartOnWindows(string file, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        try
        {
            return Process.Start(info) ?? throw CommandSearch.NotFound(command[0], "not started");
        }
        catch (Win32Exception e)
        {
            // ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND: not there; anything else: there but not runnable.
            throw e.NativeErrorCode is 2 or 3
                ? CommandSearch.NotFound(command[0], "not found")
                : CommandSearch.CannotRun(file, $"Windows error {e.NativeErrorCode}");
        }
    }

    internal static nint[] NativeStrings(IReadOnlyList<string> strings)
    {
        var pointers = new nint[strings.Count + 1];
        for (var index = 0; index < strings.Count; index++)
        {
            pointers[index] = Marshal.StringToCoTaskMemUTF8(strings[index]);
        }

        return pointers;
    }

    internal static void Free(nint[] pointers)
    {
        foreach (var pointer in pointers)
        {
            Marshal.FreeCoTaskMem(pointer);
        }
    }
}
