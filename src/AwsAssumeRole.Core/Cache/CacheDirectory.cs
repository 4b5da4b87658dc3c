using Microsoft.Win32.SafeHandles;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The cache folder once <see cref="CacheFolder"/> has checked it, held open: every entry, lock and
/// temporary file is opened, created, renamed and removed relative to that descriptor
/// (<c>openat</c>, <c>renameat</c>, <c>unlinkat</c>), never by its path again, so a folder on the way
/// replaced after the check changes nothing. A file is checked on its open descriptor (<c>fstat</c>),
/// so what is read is what was checked; it is opened without following a symbolic link and without
/// blocking (a FIFO put there cannot hang a run). Names are listed through the folder's path; each
/// one listed is then handled relative to the descriptor. On Windows, which has no such calls, files
/// are reached by path (see <c>CacheDirectory.Windows.cs</c>).
/// </summary>
internal sealed partial class CacheDirectory : IDisposable
{
    private const uint OwnerReadWrite = 0x180; // 0600

    private readonly SafeFileHandle? handle;

    /// <summary>The folder at <paramref name="path"/>, open as <paramref name="handle"/> (null on Windows).</summary>
    public CacheDirectory(string path, SafeFileHandle? handle)
    {
        Path = path;
        this.handle = handle;
    }

    /// <summary>The folder's path, for messages and for listing names.</summary>
    public string Path { get; }

    /// <summary>
    /// Reads at most <paramref name="limit"/> bytes of the file <paramref name="name"/> when it may be
    /// trusted. Null when there is no such file, or when there is one not to be trusted, which
    /// <paramref name="untrusted"/> then describes.
    /// </summary>
    public byte[]? ReadTrusted(string name, int limit, out UntrustedFile? untrusted)
    {
        if (handle is null)
        {
            return WindowsReadTrusted(name, limit, out untrusted);
        }

        using var file = OpenChecked(handle, name, Syscalls.O_RDONLY, repairMode: false, out untrusted, out var status);
        return file is null ? null : ReadAtMost(file, (int)Math.Min(limit, status.Size + 1));
    }

    /// <summary>
    /// Removes <paramref name="name"/> if it is still the file that was found not to be trusted (a file
    /// put in its place since is left alone); true when it was removed.
    /// </summary>
    public bool RemoveIfUnchanged(string name, UntrustedFile untrusted)
    {
        ArgumentNullException.ThrowIfNull(untrusted);
        if (handle is null)
        {
            return WindowsRemove(name);
        }

        return Syscalls.StatusAt(handle, name, out var now) == 0 && untrusted.Seen.IsSameFile(now) && Syscalls.UnlinkAt(handle, name, 0) == 0;
    }

    /// <summary>Writes <paramref name="bytes"/> to a new file <paramref name="name"/> (0600), flushed to disk.</summary>
    public void WriteNew(string name, ReadOnlySpan<byte> bytes)
    {
        if (handle is null)
        {
            WindowsWriteNew(name, bytes);
            return;
        }

        var flags = Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_EXCL;
        using var file = OpenChecked(handle, name, flags, repairMode: true, out var untrusted, out _)
            ?? throw new Errors.DescribedIOException($"cannot create {name} in {Path}: {untrusted?.Problem}");
        WriteAll(file, bytes);
        if (Syscalls.Fsync(file) != 0)
        {
            throw Syscalls.Failure($"cannot flush {name} in {Path}", Syscalls.LastError);
        }
    }

    /// <summary>Renames <paramref name="from"/> over <paramref name="to"/>, atomically.</summary>
    public void Replace(string from, string to)
    {
        if (handle is null)
        {
            File.Move(System.IO.Path.Combine(Path, from), System.IO.Path.Combine(Path, to), overwrite: true);
            return;
        }

        if (Syscalls.RenameAt(handle, from, handle, to) != 0)
        {
            throw Syscalls.Failure($"cannot rename {from} in {Path}", Syscalls.LastError);
        }
    }

    /// <summary>Removes <paramref name="name"/> (a symbolic link itself, never what it points to); true when it was there.</summary>
    public bool Remove(string name)
    {
        if (handle is null)
        {
            return WindowsRemove(name);
        }

        if (Syscalls.UnlinkAt(handle, name, 0) == 0)
        {
            return true;
        }

        var errno = Syscalls.LastError;
        return errno == Syscalls.ENOENT ? false : throw Syscalls.Failure($"cannot remove {name} from {Path}", errno);
    }

    /// <summary>Like <see cref="Remove"/>, without a word when it fails.</summary>
    public void TryRemove(string name)
    {
        try
        {
            Remove(name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// The exclusive lock on the file <paramref name="name"/> (made 0600 when missing), or null when
    /// another process holds it. A lock file not to be trusted (a link, another user's, not a regular
    /// file) is removed and made again once; throws <see cref="IOException"/> when that fails.
    /// </summary>
    public IDisposable? TryLock(string name)
    {
        if (handle is null)
        {
            return WindowsTryLock(name);
        }

        for (var attempt = 0; ; attempt++)
        {
            var file = OpenChecked(handle, name, Syscalls.O_RDONLY | Syscalls.O_CREAT, repairMode: true, out var untrusted, out _);
            if (file is null)
            {
                if (untrusted is null || attempt > 0 || !RemoveIfUnchanged(name, untrusted))
                {
                    throw new Errors.DescribedIOException($"cannot make the lock {name} in {Path}: {untrusted?.Problem ?? "it disappeared"}");
                }

                continue;
            }

            while (Syscalls.Flock(file, Syscalls.LOCK_EX | Syscalls.LOCK_NB) != 0)
            {
                var errno = Syscalls.LastError;
                if (errno == Syscalls.EINTR)
                {
                    continue;
                }

                file.Dispose();
                return errno == Syscalls.EWOULDBLOCK ? null : throw Syscalls.Failure($"cannot lock {name} in {Path}", errno);
            }

            return file;
        }
    }

    /// <summary>The names of the files in the folder that match <paramref name="pattern"/>.</summary>
    public IEnumerable<string> Names(string pattern) =>
        Directory.EnumerateFiles(Path, pattern).Select(path => System.IO.Path.GetFileName(path));

    /// <summary>When the regular file <paramref name="name"/> was last written (UTC); null when it is not one.</summary>
    public DateTime? LastWriteUtc(string name)
    {
        if (handle is null)
        {
            return WindowsLastWriteUtc(name);
        }

        return Syscalls.StatusAt(handle, name, out var status) == 0 && status.IsRegularFile
            ? DateTimeOffset.FromUnixTimeSeconds(status.ModifiedSeconds).UtcDateTime
            : null;
    }

    public void Dispose() => handle?.Dispose();

    /// <summary>
    /// Opens <paramref name="name"/> without following a link or blocking, and checks the open file.
    /// Null when there is no file (and <paramref name="untrusted"/> null), or when the file is not to
    /// be trusted (and <paramref name="untrusted"/> says why); <paramref name="status"/> is the open
    /// file's. With <paramref name="repairMode"/> a file of this user that is fine but for its mode (a
    /// lock, a file just made) is set to 0600.
    /// </summary>
    private static SafeFileHandle? OpenChecked(SafeFileHandle folder, string name, int flags, bool repairMode, out UntrustedFile? untrusted, out FileStatus status)
    {
        untrusted = null;
        status = default;
        var user = FileTrust.UserId;
        var file = Syscalls.Own(Syscalls.OpenAt(folder, name, flags | Syscalls.O_NOFOLLOW | Syscalls.O_NONBLOCK | Syscalls.O_CLOEXEC, OwnerReadWrite));
        if (file.IsInvalid)
        {
            var errno = Syscalls.LastError;
            file.Dispose();
            if (errno == Syscalls.ENOENT)
            {
                return null;
            }

            // A link (ELOOP), another user's file we may not open, a socket: look at it without opening it.
            if (Syscalls.StatusAt(folder, name, out var seen) == 0 && FileTrust.FileProblem(seen, user) is { } problem)
            {
                untrusted = new UntrustedFile(problem, seen);
                return null;
            }

            throw Syscalls.Failure($"cannot open {name}", errno);
        }

        try
        {
            status = Syscalls.Status(file);
            if (repairMode && status.Mode != (UnixFileMode)OwnerReadWrite && status.IsRegularFile && status.Owner == user && status.Links == 1)
            {
                if (Syscalls.ChangeMode(file, OwnerReadWrite) != 0)
                {
                    throw Syscalls.Failure($"cannot set the mode of {name}", Syscalls.LastError);
                }

                status = status with { RawMode = (status.RawMode & ~0xFFFu) | OwnerReadWrite };
            }

            if (FileTrust.FileProblem(status, user) is { } problem)
            {
                untrusted = new UntrustedFile(problem, status);
                file.Dispose();
                return null;
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static unsafe byte[] ReadAtMost(SafeFileHandle file, int limit)
    {
        var buffer = new byte[limit];
        var total = 0;
        fixed (byte* start = buffer)
        {
            while (total < limit)
            {
                var read = Syscalls.Read(file, start + total, (nuint)(limit - total));
                if (read == 0)
                {
                    break;
                }

                if (read < 0)
                {
                    var errno = Syscalls.LastError;
                    if (errno == Syscalls.EINTR)
                    {
                        continue;
                    }

                    throw Syscalls.Failure("cannot read a cache file", errno);
                }

                total += (int)read;
            }
        }

        return buffer[..total];
    }

    private static unsafe void WriteAll(SafeFileHandle file, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var written = 0;
            while (written < bytes.Length)
            {
                var result = Syscalls.Write(file, start + written, (nuint)(bytes.Length - written));
                if (result < 0)
                {
                    var errno = Syscalls.LastError;
                    if (errno == Syscalls.EINTR)
                    {
                        continue;
                    }

                    throw Syscalls.Failure("cannot write a cache file", errno);
                }

                written += (int)result;
            }
        }
    }
}

/// <summary>A file of the cache not to be trusted: why, and what it was when it was looked at.</summary>
/// <param name="Problem">Why, for a debug line.</param>
/// <param name="Seen">Its status then (on Windows, default: it is removed by path).</param>
internal sealed record UntrustedFile(string Problem, FileStatus Seen);
