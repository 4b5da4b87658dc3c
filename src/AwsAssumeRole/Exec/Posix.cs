using System.Runtime.InteropServices;

namespace AwsAssumeRole.Exec;

/// <summary>The two libc calls exec needs, source-generated (no runtime marshalling, Native AOT safe).</summary>
internal static partial class Posix
{
    private const int SIGPIPE = 13; // the same on Linux and macOS
    private static readonly nint SIG_DFL = 0;
    private static readonly nint SIG_IGN = 1;

    /// <summary>
    /// Undoes what the .NET runtime changed in this process that <c>execve</c> would hand on: it
    /// ignores SIGPIPE (handled signals go back to their defaults by themselves, ignored ones do
    /// not). A command must see SIGPIPE as a shell would give it, or <c>cmd | head</c> never ends.
    /// </summary>
    public static void RestoreSignalDispositions() => _ = Signal(SIGPIPE, SIG_DFL);

    /// <summary>
    /// Replaces this process with <paramref name="path"/>; returns only on failure, with the errno.
    /// <paramref name="argv"/> and <paramref name="envp"/> are NUL-terminated arrays of UTF-8 strings.
    /// </summary>
    public static int Execve(string path, nint[] argv, nint[] envp)
    {
        _ = ExecveNative(path, argv, envp);
        return Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ExecveNative(string path, nint[] argv, nint[] envp);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
