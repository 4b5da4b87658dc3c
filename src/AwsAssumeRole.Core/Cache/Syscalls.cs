using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The C library calls behind the cache's descriptor-relative file handling, on Linux and macOS,
/// source-generated (Native AOT safe, blittable arguments only). Everything is relative to an open
/// folder (<c>openat</c>, <c>unlinkat</c>, <c>renameat</c> ...), so a path is never looked up twice.
/// </summary>
/// <remarks>
/// <para>
/// The portable calls are imported from <c>"libc"</c>, which the executable binds at link time on
/// Linux (<c>DirectPInvoke</c>: no probing of library paths). What exists on one system only is
/// kept apart: <c>statx</c> (Linux, under <c>"libc"</c>, bound only on Linux) and macOS's
/// <c>fstat</c>/<c>fstatat</c>, imported from libSystem by their 64-bit-inode names so that Linux
/// never looks for them.
/// </para>
/// <para>
/// Flag values differ by system, and on Linux by architecture (<c>O_DIRECTORY</c>,
/// <c>O_NOFOLLOW</c> on arm, arm64 and ppc64le). <c>openat</c> is variadic: its mode goes as a
/// fourth argument, which Linux and macOS x64 read from the same register as a fixed argument;
/// macOS arm64 reads variadic arguments from the stack, so a created file's mode is checked and set
/// again with <c>fchmod</c> (see <see cref="CacheDirectory"/>).
/// </para>
/// </remarks>
internal static unsafe partial class Syscalls
{
    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_RDWR = 2;
    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;

    private const int LinuxAtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;

    private static readonly bool MacOs = OperatingSystem.IsMacOS();
    private static readonly bool ArmStyleFlags = RuntimeInformation.ProcessArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Ppc64le;

    public static int O_NONBLOCK => MacOs ? 0x4 : 0x800;

    public static int O_CREAT => MacOs ? 0x200 : 0x40;

    public static int O_EXCL => MacOs ? 0x800 : 0x80;

    public static int O_NOFOLLOW => MacOs ? 0x100 : ArmStyleFlags ? 0x8000 : 0x20000;

    public static int O_DIRECTORY => MacOs ? 0x100000 : ArmStyleFlags ? 0x4000 : 0x10000;

    public static int O_CLOEXEC => MacOs ? 0x1000000 : 0x80000;

    /// <summary>Linux's <c>O_PATH</c>: a folder on the way needs search permission only. macOS has none: its folders are opened for reading.</summary>
    public static int O_PATH => MacOs ? O_RDONLY : 0x200000;

    public static int AT_FDCWD => MacOs ? -2 : -100;

    public static int AT_SYMLINK_NOFOLLOW => MacOs ? 0x20 : 0x100;

    public static int ELOOP => MacOs ? 62 : 40;

    public static int EWOULDBLOCK => MacOs ? 35 : 11;

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int OpenAt(SafeFileHandle directory, string name, int flags, uint mode);

    /// <summary>The root folder, to start a walk from: an absolute path, not relative to a descriptor.</summary>
    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeDirectoryAt(SafeFileHandle directory, string name, uint mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(SafeFileHandle directory, string name, int flags);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt(SafeFileHandle fromDirectory, string from, SafeFileHandle toDirectory, string to);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ReadLinkAt(SafeFileHandle directory, string name, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int ChangeMode(SafeFileHandle file, uint mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(SafeFileHandle file, int operation);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(SafeFileHandle file, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(SafeFileHandle file, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(SafeFileHandle file);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    /// <summary>Wraps a descriptor a call returned (or -1) in a handle that closes it.</summary>
    public static SafeFileHandle Own(int descriptor) => new(descriptor, ownsHandle: true);

    /// <summary>The status of the open file <paramref name="file"/>; throws <see cref="IOException"/> when it cannot be had.</summary>
    public static FileStatus Status(SafeFileHandle file)
    {
        var errno = MacOs ? DarwinFstat(file, out var status) : Statx(file, string.Empty, LinuxAtEmptyPath, out status);
        return errno == 0 ? status : throw Failure("cannot look at an open cache file", errno);
    }

    /// <summary>
    /// The status of <paramref name="name"/> in <paramref name="directory"/>, not following a symbolic
    /// link; 0, or the errno of the failure.
    /// </summary>
    public static int StatusAt(SafeFileHandle directory, string name, out FileStatus status) =>
        MacOs ? DarwinFstatAt(directory, name, out status) : Statx(directory, name, AT_SYMLINK_NOFOLLOW, out status);

    /// <summary>The exception for a call that failed: what was being done, and the system's words for <paramref name="errno"/>.</summary>
    public static IOException Failure(string what, int errno) => new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)}");

    /// <summary>The errno of the last call made here.</summary>
    public static int LastError => Marshal.GetLastPInvokeError();

    private static int Statx(SafeFileHandle directory, string name, int flags, out FileStatus status)
    {
        if (StatxNative(directory, name, flags, StatxBasicStats, out var buffer) != 0)
        {
            status = default;
            return Marshal.GetLastPInvokeError();
        }

        status = new FileStatus(buffer.Mode, buffer.Uid, buffer.LinkCount, buffer.Size, ((ulong)buffer.DeviceMajor << 32) | buffer.DeviceMinor, buffer.Inode, buffer.ModifiedSeconds);
        return 0;
    }

    private static int DarwinFstat(SafeFileHandle file, out FileStatus status)
    {
        DarwinStat buffer;
        var result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? DarwinFstatX64(file, &buffer) : DarwinFstatArm64(file, &buffer);
        return FromDarwin(result, buffer, out status);
    }

    private static int DarwinFstatAt(SafeFileHandle directory, string name, out FileStatus status)
    {
        DarwinStat buffer;
        var result = RuntimeInformation.ProcessArchitecture == Architecture.X64
            ? DarwinFstatAtX64(directory, name, &buffer, AT_SYMLINK_NOFOLLOW)
            : DarwinFstatAtArm64(directory, name, &buffer, AT_SYMLINK_NOFOLLOW);
        return FromDarwin(result, buffer, out status);
    }

    private static int FromDarwin(int result, DarwinStat buffer, out FileStatus status)
    {
        if (result != 0)
        {
            status = default;
            return Marshal.GetLastPInvokeError();
        }

        status = new FileStatus(buffer.Mode, buffer.Uid, buffer.LinkCount, buffer.Size, (uint)buffer.Device, buffer.Inode, buffer.ModifiedSeconds);
        return 0;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(SafeFileHandle directory, string name, int flags, uint mask, out StatxBuffer buffer);

    private const string LibSystem = "/usr/lib/libSystem.B.dylib";

    [LibraryImport(LibSystem, EntryPoint = "fstat$INODE64", SetLastError = true)]
    private static partial int DarwinFstatX64(SafeFileHandle file, DarwinStat* buffer);

    [LibraryImport(LibSystem, EntryPoint = "fstat", SetLastError = true)]
    private static partial int DarwinFstatArm64(SafeFileHandle file, DarwinStat* buffer);

    [LibraryImport(LibSystem, EntryPoint = "fstatat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int DarwinFstatAtX64(SafeFileHandle directory, string name, DarwinStat* buffer, int flags);

    [LibraryImport(LibSystem, EntryPoint = "fstatat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int DarwinFstatAtArm64(SafeFileHandle directory, string name, DarwinStat* buffer, int flags);

    /// <summary>Linux's <c>struct statx</c> up to the device numbers (256 bytes in all; one layout on every architecture).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(16)] public uint LinkCount;
        [FieldOffset(20)] public uint Uid;
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public long Size;
        [FieldOffset(112)] public long ModifiedSeconds;
        [FieldOffset(136)] public uint DeviceMajor;
        [FieldOffset(140)] public uint DeviceMinor;
    }

    /// <summary>macOS's 64-bit-inode <c>struct stat</c> (144 bytes; one layout on x64 and arm64).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 144)]
    private struct DarwinStat
    {
        [FieldOffset(0)] public int Device;
        [FieldOffset(4)] public ushort Mode;
        [FieldOffset(6)] public ushort LinkCount;
        [FieldOffset(8)] public ulong Inode;
        [FieldOffset(16)] public uint Uid;
        [FieldOffset(48)] public long ModifiedSeconds;
        [FieldOffset(96)] public long Size;
    }
}

/// <summary>What the cache needs to know of a file: its type and permission bits, owner, links, identity and age.</summary>
/// <param name="RawMode">The <c>st_mode</c>: type and permission bits.</param>
/// <param name="Owner">The owner's user ID.</param>
/// <param name="Links">The number of hard links.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Device">The device it is on (with <paramref name="Inode"/>, which file it is).</param>
/// <param name="Inode">Its inode number.</param>
/// <param name="ModifiedSeconds">The last write, in seconds since 1970 (UTC).</param>
internal readonly record struct FileStatus(uint RawMode, uint Owner, uint Links, long Size, ulong Device, ulong Inode, long ModifiedSeconds)
{
    private const uint TypeBits = 0xF000;

    public bool IsRegularFile => (RawMode & TypeBits) == 0x8000;

    public bool IsDirectory => (RawMode & TypeBits) == 0x4000;

    public bool IsSymbolicLink => (RawMode & TypeBits) == 0xA000;

    /// <summary>The permission bits, sticky, set-user-ID and set-group-ID included.</summary>
    public UnixFileMode Mode => (UnixFileMode)(RawMode & 0xFFF);

    /// <summary>True when <paramref name="other"/> is the same file (device and inode).</summary>
    public bool IsSameFile(FileStatus other) => Device == other.Device && Inode == other.Inode;
}
