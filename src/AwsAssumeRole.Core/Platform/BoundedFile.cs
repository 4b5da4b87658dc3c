using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace AwsAssumeRole.Core.Platform;

/// <summary>
/// Reads a file the user named (<c>--policy FILE</c>, a CA bundle) without trusting what it is: it
/// is opened without blocking (a FIFO with no writer would otherwise hang the open), it must be a
/// regular file (not a FIFO, a device such as <c>/dev/zero</c>, a socket or a folder), and at most
/// the limit plus one byte is read, so an endless or huge file costs nothing.
/// </summary>
public static partial class BoundedFile
{
    /// <summary>The file's bytes; <see cref="BoundedFileException"/> when it is not a regular file or is longer than <paramref name="maxBytes"/>.</summary>
    /// <exception cref="IOException">The file cannot be opened or read (<see cref="FileNotFoundException"/> and friends).</exception>
    /// <exception cref="UnauthorizedAccessException">Permission denied.</exception>
    public static byte[] ReadAllBytes(string path, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        using var handle = OpenRegularFile(path);
        using var bytes = new MemoryStream();
        var buffer = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
        int read;
        while (bytes.Length <= maxBytes
            && (read = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, maxBytes + 1 - bytes.Length)), bytes.Length)) > 0)
        {
            bytes.Write(buffer, 0, read);
        }

        if (bytes.Length > maxBytes)
        {
            throw new BoundedFileException(string.Create(CultureInfo.InvariantCulture, $"the file is larger than {maxBytes} bytes"));
        }

        return bytes.ToArray();
    }

    /// <summary>The file's text (UTF-8, a byte order mark dropped); see <see cref="ReadAllBytes"/>.</summary>
    public static string ReadAllText(string path, int maxBytes)
    {
        var bytes = ReadAllBytes(path, maxBytes);
        var text = new UTF8Encoding(false).GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    private static SafeFileHandle OpenRegularFile(string path)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            return OpenUnix(path);
        }

        // Windows has no FIFOs in the file system; devices and folders fail the type check.
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if ((File.GetAttributes(handle) & (FileAttributes.Directory | FileAttributes.Device)) != 0)
        {
            handle.Dispose();
            throw new BoundedFileException("it is not a regular file");
        }

        return handle;
    }

    private static SafeFileHandle OpenUnix(string path)
    {
        // O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC: the values differ between Linux and macOS.
        var flags = OperatingSystem.IsLinux() ? 0x800 | 0x100 | 0x80000 : 0x4 | 0x20000 | 0x1000000;
        var fd = Open(path, flags);
        if (fd < 0)
        {
            throw ForErrno(Marshal.GetLastPInvokeError());
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var type = FileType(fd);
            if (type != RegularFile)
            {
                throw new BoundedFileException($"it is not a regular file ({Describe(type)})");
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private const int RegularFile = 0x8000;

    private static string Describe(int type) => type switch
    {
        0x4000 => "a folder",
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "not a file",
    };

    // The S_IFMT bits of the open file: statx(fd, "", AT_EMPTY_PATH) on Linux, fstat on macOS.
    private static int FileType(int fd)
    {
        if (OperatingSystem.IsLinux())
        {
            const int AtEmptyPath = 0x1000;
            const uint TypeMask = 0x1;
            if (Statx(fd, string.Empty, AtEmptyPath, TypeMask, out var statx) != 0)
            {
                throw ForErrno(Marshal.GetLastPInvokeError());
            }

            return statx.Mode & 0xF000;
        }

        if (Fstat(fd, out var stat) != 0)
        {
            throw ForErrno(Marshal.GetLastPInvokeError());
        }

        return stat.Mode & 0xF000;
    }

    // The same exception types the runtime uses, so callers describe them one way.
    private static Exception ForErrno(int errno) => errno switch
    {
        2 => new FileNotFoundException(),
        1 or 13 => new UnauthorizedAccessException(),
        _ => new IOException(null, errno),
    };

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static partial int Fstat(int fd, out MacStatBuffer buffer);

    /// <summary>The head of Linux's <c>struct statx</c> (256 bytes, one layout on every architecture).</summary>
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

    /// <summary>The head of macOS's 64-bit <c>struct stat</c>: <c>st_dev</c> (int32), then <c>st_mode</c>.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 144)]
    private struct MacStatBuffer
    {
        public int Device;
        public ushort Mode;
    }
}

/// <summary>A file refused by <see cref="BoundedFile"/>; <see cref="Reason"/> says why, in the tool's words.</summary>
public sealed class BoundedFileException : IOException
{
    /// <summary>Creates the exception; see the class remarks.</summary>
    public BoundedFileException()
        : this("it cannot be read")
    {
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public BoundedFileException(string reason)
        : base(reason)
    {
        Reason = reason;
    }

    /// <summary>Creates the exception; see the class remarks.</summary>
    public BoundedFileException(string reason, Exception innerException)
        : base(reason, innerException)
    {
        Reason = reason;
    }

    /// <summary>Why the file was refused: <c>it is not a regular file (a FIFO)</c>, <c>the file is larger than 8192 bytes</c>.</summary>
    public string Reason { get; }
}
