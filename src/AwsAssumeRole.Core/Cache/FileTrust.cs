using System.Runtime.InteropServices;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// Whether a cache file or folder may be trusted: not a symbolic link, a regular file (or a
/// folder), owned by the user running the tool, and neither readable nor writable by anyone else.
/// On Linux the owner comes from <c>statx</c> (one call, no symlink followed); elsewhere on Unix
/// the owner is not checked (the 0700 folder keeps other users out) and Windows relies on the
/// per-user ACL of <c>%LOCALAPPDATA%</c>.
/// </summary>
internal static partial class FileTrust
{
    private const UnixFileMode GroupAndOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static bool statxMissing;

    /// <summary>What a path is, as far as trust goes.</summary>
    internal readonly record struct Status(bool Exists, bool IsSymbolicLink, bool IsRegularFile, bool IsDirectory, uint? Owner, UnixFileMode Mode);

    /// <summary>Why an entry file with this <paramref name="status"/> must not be trusted, or null when it may.</summary>
    public static string? FileProblem(Status status)
    {
        if (status.IsSymbolicLink)
        {
            return "a symbolic link";
        }

        if (!status.IsRegularFile)
        {
            return "not a regular file";
        }

        if (OwnedByAnotherUser(status))
        {
            return "owned by another user";
        }

        return !OperatingSystem.IsWindows() && OpenToOthers(status.Mode) ? "readable or writable by other users" : null;
    }

    /// <summary>True when <paramref name="status"/> is owned by another user (when the platform tells).</summary>
    public static bool OwnedByAnotherUser(Status status) =>
        status.Owner is { } owner && EffectiveUserId() is { } me && owner != me;

    /// <summary>The mode without any group or other bits.</summary>
    public static UnixFileMode OwnerOnly(UnixFileMode mode) => mode & ~GroupAndOthers;

    /// <summary>True when the mode grants anything to group or others.</summary>
    public static bool OpenToOthers(UnixFileMode mode) => (mode & GroupAndOthers) != 0;

    /// <summary>The status of <paramref name="path"/>; a symbolic link is followed only when <paramref name="follow"/>.</summary>
    public static Status Get(string path, bool follow)
    {
        if (OperatingSystem.IsLinux() && !statxMissing)
        {
            try
            {
                return Statx(path, follow);
            }
            catch (EntryPointNotFoundException)
            {
                statxMissing = true;
            }
            catch (DllNotFoundException)
            {
                statxMissing = true;
            }
        }

        FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
        if (!info.Exists && info.LinkTarget is null)
        {
            return default;
        }

        var isLink = info.LinkTarget is not null;
        if (isLink && follow)
        {
            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            isLink = false;
        }

        var mode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : info.UnixFileMode;
        return new Status(info.Exists || isLink, isLink, !isLink && info is FileInfo, !isLink && info is DirectoryInfo, null, mode);
    }

    private static uint? EffectiveUserId()
    {
        if (!OperatingSystem.IsLinux() || statxMissing)
        {
            return null;
        }

        try
        {
            return GetEffectiveUserId();
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    private static Status Statx(string path, bool follow)
    {
        const int AtFdCwd = -100;
        const int AtSymlinkNoFollow = 0x100;
        const uint BasicStats = 0x7ff;
        if (StatxNative(AtFdCwd, path, follow ? 0 : AtSymlinkNoFollow, BasicStats, out var buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int ENOENT = 2, ENOTDIR = 20;
            if (errno is ENOENT or ENOTDIR)
            {
                return default;
            }

            throw new IOException($"cannot stat {path}: errno {errno}");
        }

        var type = buffer.Mode & 0xF000;
        return new Status(
            Exists: true,
            IsSymbolicLink: type == 0xA000,
            IsRegularFile: type == 0x8000,
            IsDirectory: type == 0x4000,
            Owner: buffer.Uid,
            Mode: (UnixFileMode)(buffer.Mode & 0xFFF));
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxNative(int directoryFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();

    /// <summary>The head of Linux's <c>struct statx</c> (256 bytes in all; the same layout on every architecture).</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct StatxBuffer
    {
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint LinkCount;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
    }
}
