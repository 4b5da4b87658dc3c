using System.Runtime.InteropServices;

namespace AwsAssumeRole.Exec;

internal static partial class Posix
{
    private const int O_RDONLY = 0;

    private static int O_NOCTTY => OperatingSystem.IsMacOS() ? 0x20000 : 0x100;

    private static int O_CLOEXEC => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

    /// <summary>Sends signal <paramref name="signal"/> to process <paramref name="pid"/>; false when it is gone.</summary>
    public static bool SendSignal(int pid, int signal) => KillNative(pid, signal) == 0;

    /// <summary>
    /// True when this process's group is the foreground group of its controlling terminal: then a
    /// key the user pressed (Ctrl-C, Ctrl-\) reached every process of the group at once, a child
    /// started without a group of its own included.
    /// </summary>
    public static bool InForegroundOfTerminal()
    {
        var terminal = OpenNative("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
        if (terminal < 0)
        {
            return false;
        }

        try
        {
            var foreground = TcGetProcessGroupNative(terminal);
            return foreground > 0 && foreground == GetProcessGroupNative();
        }
        finally
        {
            _ = CloseNative(terminal);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int KillNative(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int CloseNative(int descriptor);

    [LibraryImport("libc", EntryPoint = "tcgetpgrp")]
    private static partial int TcGetProcessGroupNative(int descriptor);

    [LibraryImport("libc", EntryPoint = "getpgrp")]
    private static partial int GetProcessGroupNative();
}
