namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// Windows: no descriptor-relative calls and no owner or mode bits to check, so files are reached by
/// path, as .NET does, and trust rests on the per-user ACL of <c>%LOCALAPPDATA%</c>. A symbolic link
/// is still never read; the lock is a sharing lock (<see cref="FileShare.None"/>).
/// </summary>
internal sealed partial class CacheDirectory
{
    private const int ErrorSharingViolation = unchecked((int)0x80070020);
    private const int ErrorLockViolation = unchecked((int)0x80070021);

    private byte[]? WindowsReadTrusted(string name, int limit, out UntrustedFile? untrusted)
    {
        untrusted = null;
        var path = System.IO.Path.Combine(Path, name);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || Directory.Exists(path))
        {
            untrusted = new UntrustedFile(info.LinkTarget is not null ? "a symbolic link" : "not a regular file", default);
            return null;
        }

        if (!info.Exists)
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[(int)Math.Min(limit, stream.Length + 1)];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }

    private void WindowsWriteNew(string name, ReadOnlySpan<byte> bytes)
    {
        using var stream = new FileStream(System.IO.Path.Combine(Path, name), FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    private bool WindowsRemove(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        var there = File.Exists(path) || new FileInfo(path).LinkTarget is not null;
        File.Delete(path);
        return there;
    }

    private FileStream? WindowsTryLock(string name)
    {
        try
        {
            return new FileStream(System.IO.Path.Combine(Path, name), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e.HResult is ErrorSharingViolation or ErrorLockViolation)
        {
            return null;
        }
    }

    private DateTime? WindowsLastWriteUtc(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        return File.Exists(path) ? File.GetLastWriteTimeUtc(path) : null;
    }
}
