using System.Runtime.InteropServices;

namespace AwsAssumeRole.Streams;

/// <summary>
/// The C library calls behind the standard descriptors and the core-dump setting, source-generated
/// (no runtime marshalling, Native AOT safe). Linux and macOS only. <c>fcntl</c>, <c>open</c> and
/// <c>prctl</c> are variadic in C: they are declared here with exactly the arguments the calls
/// below pass, which every Linux ABI and macOS pass as for a fixed-argument function only when no
/// variadic argument is given (Apple arm64 puts variadic arguments on the stack), hence no
/// <c>ioctl</c> on macOS and no mode argument to <c>open</c>.
/// </summary>
internal static unsafe partial class Libc
{
    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EPIPE = 32; // the same on Linux and macOS

    public const int F_GETFD = 1;
    public const int FD_CLOEXEC = 1;
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;

    public const short POLLIN = 1;
    public const short POLLOUT = 4;

    public const int RLIMIT_CORE = 4;
    public const int PR_SET_DUMPABLE = 4; // Linux

    private const nuint TIOCGWINSZ_LINUX = 0x5413;

    public static int EAGAIN => OperatingSystem.IsMacOS() ? 35 : 11;

    public static int O_CLOEXEC => OperatingSystem.IsMacOS() ? 0x1000000 : 0x80000;

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int descriptor, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int descriptor, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int descriptor, int command);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "dup2", SetLastError = true)]
    public static partial int Dup2(int descriptor, int target);

    /// <summary><c>nfds_t</c> is <c>unsigned long</c> on Linux and <c>unsigned int</c> on macOS: a register either way.</summary>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollDescriptor* descriptors, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint argument2, nuint argument3, nuint argument4, nuint argument5);

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    public static partial int GetResourceLimit(int resource, ResourceLimit* limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    public static partial int SetResourceLimit(int resource, ResourceLimit* limit);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlWindowSize(int descriptor, nuint request, WindowSize* size);

    /// <summary>The number of columns of the terminal on <paramref name="descriptor"/> (Linux), or null.</summary>
    public static int? TerminalColumns(int descriptor)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        WindowSize size;
        return IoctlWindowSize(descriptor, TIOCGWINSZ_LINUX, &size) == 0 && size.Columns > 0 ? size.Columns : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort PixelWidth;
        public ushort PixelHeight;
    }
}
