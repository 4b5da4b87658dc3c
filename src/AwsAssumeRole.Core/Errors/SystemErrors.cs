using System.Globalization;
using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.Errors;

/// <summary>
/// What a failed file or system operation means, in the tool's words. The runtime's own texts are
/// not shown: the native binary is built without them (<c>UseSystemResourceKeys</c>), so they read
/// as resource keys such as <c>IO_FileNotFound_FileName</c>. The cause is told from the exception's
/// type and, for other I/O errors, its error number (the <c>HResult</c>: errno on Unix, a Win32
/// code on Windows), never from its message.
/// </summary>
public static class SystemErrors
{
    /// <summary>A short lowercase phrase for <paramref name="error"/>: <c>no such file</c>, <c>permission denied</c>, ...</summary>
    public static string Describe(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            BoundedFileException bounded => bounded.Reason,
            DescribedIOException described => described.Message,
            FileNotFoundException => "no such file",
            DirectoryNotFoundException => "no such file or folder",
            UnauthorizedAccessException => "permission denied",
            PathTooLongException => "the path is too long",
            IOException io => DescribeCode(io.HResult),
            OutOfMemoryException => "out of memory",
            _ => $"unexpected {error.GetType().Name}",
        };
    }

    private static string DescribeCode(int code)
    {
        if (OperatingSystem.IsWindows())
        {
            // HRESULT_FROM_WIN32: 0x8007xxxx.
            return (code & 0xFFFF0000) == 0x80070000 ? DescribeWin32(code & 0xFFFF) : Unknown(code);
        }

        return code switch
        {
            1 => "operation not permitted",
            2 => "no such file or folder",
            5 => "input/output error",
            6 => "no such device",
            13 => "permission denied",
            16 => "device or resource busy",
            17 => "it already exists",
            20 => "a part of the path is not a folder",
            21 => "it is a folder",
            23 or 24 => "too many open files",
            26 => "the file is being executed",
            27 => "the file is too large",
            28 => "no space left on the device",
            30 => "read-only file system",
            _ when OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() => code switch
            {
                35 => "the file is locked by another process",
                62 => "too many levels of symbolic links",
                66 => "the folder is not empty",
                69 => "disk quota exceeded",
                _ => Unknown(code),
            },
            11 => "the file is locked by another process",
            39 => "the folder is not empty",
            40 => "too many levels of symbolic links",
            122 => "disk quota exceeded",
            _ => Unknown(code),
        };
    }

    private static string DescribeWin32(int code) => code switch
    {
        2 => "no such file",
        3 => "no such folder",
        5 => "permission denied",
        32 or 33 => "the file is in use by another process",
        39 or 112 => "no space left on the disk",
        80 or 183 => "it already exists",
        _ => Unknown(code),
    };

    private static string Unknown(int code) =>
        string.Create(CultureInfo.InvariantCulture, $"input/output error (code {code})");
}
