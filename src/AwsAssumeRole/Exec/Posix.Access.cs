using System.Runtime.InteropServices;

namespace AwsAssumeRole.Exec;

internal static partial class Posix
{
    private const int X_OK = 1; // the same on Linux and macOS

    /// <summary>
    /// <c>access(path, X_OK)</c>: whether the real user may execute <paramref name="path"/>, with the
    /// kernel's own rules (root needs one execute bit, ACLs, <c>noexec</c> mounts).
    /// </summary>
    public static bool MayExecute(string path) => AccessNative(path, X_OK) == 0;

    [LibraryImport("libc", EntryPoint = "access", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AccessNative(string path, int mode);
}
