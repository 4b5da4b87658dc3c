using AwsAssumeRole.Core.Chain;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The cache folder: one file per key, <c>KEY.json</c>. The folder is 0700 (a folder open to others
/// is set back to 0700) and the files 0600, whatever the umask. A file that is a symbolic link,
/// owned by another user or open to others is not trusted (and removed); one that is not exactly a
/// valid entry for its key is a miss; both get rewritten.
/// Writes go to a temporary file in the same folder, flushed to disk, then renamed over the old
/// entry, so a reader sees the old entry or the new one and never half of one. Every write of a
/// key happens under that key's lock (<c>KEY.lock</c>, an exclusive <c>flock</c> through
/// <see cref="FileShare.None"/>), so a temporary file of that key seen under the lock was left by a
/// killed run and is removed.
/// </summary>
public sealed class CacheStore
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// An entry file last written longer ago than this holds expired credentials for sure (STS's
    /// longest session is 12 h, and an entry is written as soon as its credentials are issued).
    /// </summary>
    private static readonly TimeSpan CertainlyExpired = TimeSpan.FromHours(12) + TimeSpan.FromMinutes(15);

    private readonly IChainLog log;
    private readonly TimeProvider time;
    private bool folderReady;
    private bool? folderReadable;
    private bool expiredRemoved;

    /// <summary>A store in <paramref name="directory"/>; nothing is touched until it is used.</summary>
    public CacheStore(string directory, IChainLog log, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(log);
        Directory = directory;
        this.log = log;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary>
    /// The entry stored under <paramref name="key"/>, or null on a miss (no file, or one not to be
    /// trusted or not valid). Never throws for a bad file. With <paramref name="removeUntrusted"/>,
    /// a file not to be trusted (a link, another user's, or one others could read, whose secret may
    /// have been seen) is removed, so that nothing ever uses it and the next write starts clean.
    /// </summary>
    public CacheEntry? Read(string key, bool removeUntrusted)
    {
        var path = EntryPath(key);
        try
        {
            if (!FolderReadable())
            {
                return null;
            }

            var status = FileTrust.Get(path, follow: false);
            if (!status.Exists)
            {
                return null;
            }

            if (FileTrust.FileProblem(status) is { } problem)
            {
                log.Debug($"cache entry {Short(key)} not trusted: {problem}{(removeUntrusted ? "; removed" : string.Empty)}");
                if (removeUntrusted)
                {
                    TryDelete(path);
                }

                return null;
            }

            var bytes = ReadAtMost(path, CacheEntryJson.MaxBytes + 1);
            var entry = CacheEntryJson.TryRead(bytes, key, out var invalid);
            if (entry is null)
            {
                log.Debug($"cache entry {Short(key)} ignored: {invalid}");
            }

            return entry;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Debug($"cache entry {Short(key)} unreadable: {e.GetType().Name}");
            return null;
        }
    }

    /// <summary>
    /// Stores <paramref name="entry"/> atomically. Call it holding the key's lock. Throws
    /// <see cref="IOException"/> when the cache cannot be written.
    /// </summary>
    public void Write(CacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var bytes = CacheEntryJson.Write(entry);
        EnsureFolder();
        var temporary = Path.Combine(Directory, $"{entry.Key}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, CreateOptions(System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None)))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, EntryPath(entry.Key), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw Unwritable(e);
        }

        if (!expiredRemoved)
        {
            expiredRemoved = true;
            RemoveExpired();
        }
    }

    /// <summary>
    /// Takes the exclusive lock of <paramref name="key"/>, creating the folder when needed; waits at
    /// most <paramref name="wait"/> for another process to release it and returns null when that
    /// time runs out. Throws <see cref="IOException"/> when the folder or the lock file cannot be made.
    /// </summary>
    public async Task<IDisposable?> LockAsync(string key, TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var path = Path.ChangeExtension(EntryPath(key), ".lock");
        EnsureFolder();
        var started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(2);
        while (true)
        {
            try
            {
                var stream = new FileStream(path, CreateOptions(System.IO.FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                RemoveLeftoverTemporaryFiles(key);
                return stream;
            }
            catch (IOException e) when (IsHeldByAnother(e))
            {
                if (time.GetElapsedTime(started) >= wait)
                {
                    return null;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Unwritable(e);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(50).Ticks));
        }
    }

    /// <summary>Every valid, trusted entry in the folder (nothing is changed).</summary>
    public IReadOnlyList<CacheEntry> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name is not null && CacheKeys.IsKey(name))
            .Select(name => Read(name!, removeUntrusted: false))
            .OfType<CacheEntry>()
            .ToList();
    }

    /// <summary>
    /// Removes every entry, lock and temporary file of this tool from the folder (and nothing else
    /// that may be there); returns how many entries were removed.
    /// </summary>
    public int Clear()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return 0;
        }

        var entries = 0;
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory))
        {
            var name = Path.GetFileName(path);
            if (name.Length < 64 || !CacheKeys.IsKey(name.AsSpan(0, 64)))
            {
                continue;
            }

            var rest = name[64..];
            var ours = rest is ".json" or ".lock" || (rest.StartsWith('.') && rest.EndsWith(".tmp", StringComparison.Ordinal));
            if (ours)
            {
                File.Delete(path);
                entries += rest == ".json" ? 1 : 0;
            }
        }

        return entries;
    }

    /// <summary>
    /// Entries are read only from a folder of the user running the tool. The verdict on an existing
    /// folder is kept for the run; a missing one is looked at again (another process may make it
    /// while this one waits for a lock).
    /// </summary>
    private bool FolderReadable()
    {
        if (folderReadable is { } verdict)
        {
            return verdict;
        }

        var status = FileTrust.Get(Directory, follow: true);
        if (!status.Exists)
        {
            return false;
        }

        folderReadable = status.IsDirectory && !FileTrust.OwnedByAnotherUser(status);
        if (folderReadable == false)
        {
            log.Debug($"cache folder {Directory} is not a folder of this user: not read");
        }

        return folderReadable.Value;
    }

    /// <summary>
    /// Removes entries (and their locks) last written so long ago that they have certainly expired,
    /// so that chains run once, or from sources whose keys change, do not pile up. Done once per run
    /// that writes (a cold run, whose network calls dwarf this).
    /// </summary>
    private void RemoveExpired()
    {
        var cutoff = time.GetUtcNow().UtcDateTime - CertainlyExpired;
        try
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
            {
                var key = Path.GetFileNameWithoutExtension(path);
                if (CacheKeys.IsKey(key) && File.GetLastWriteTimeUtc(path) < cutoff)
                {
                    log.Debug($"removing cache entry {Short(key)}: expired long ago");
                    TryDelete(path);
                    TryDelete(Path.Combine(Directory, key + ".lock"));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Debug($"could not look for expired cache entries: {e.GetType().Name}");
        }
    }

    private string EntryPath(string key) =>
        CacheKeys.IsKey(key) ? Path.Combine(Directory, key + ".json") : throw new ArgumentException("not a cache key", nameof(key));

    private void EnsureFolder()
    {
        if (folderReady)
        {
            return;
        }

        try
        {
            var status = FileTrust.Get(Directory, follow: true);
            if (!status.Exists)
            {
                CreateFolder(Directory);
                status = FileTrust.Get(Directory, follow: true);
            }

            if (!status.IsDirectory)
            {
                throw new IOException($"{Directory} is not a folder");
            }

            if (FileTrust.OwnedByAnotherUser(status))
            {
                throw new IOException($"{Directory} belongs to another user");
            }

            if (!OperatingSystem.IsWindows() && FileTrust.OpenToOthers(status.Mode))
            {
                File.SetUnixFileMode(Directory, FileTrust.OwnerOnly(status.Mode));
                log.Debug($"cache folder {Directory} was open to other users; set to owner-only");
            }
        }
        catch (UnauthorizedAccessException e)
        {
            throw Unwritable(e);
        }

        folderReady = true;
    }

    /// <summary>Creates the folder and any missing parent 0700, whatever the umask.</summary>
    private static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return;
        }

        var missing = new Stack<string>();
        for (var current = path; current is not null && !System.IO.Directory.Exists(current); current = Path.GetDirectoryName(current))
        {
            missing.Push(current);
        }

        while (missing.TryPop(out var folder))
        {
            try
            {
                System.IO.Directory.CreateDirectory(folder, FolderMode);
            }
            catch (IOException) when (System.IO.Directory.Exists(folder))
            {
                // Another process made it first.
            }
        }

        File.SetUnixFileMode(path, FolderMode);
    }

    private void RemoveLeftoverTemporaryFiles(string key)
    {
        foreach (var leftover in System.IO.Directory.EnumerateFiles(Directory, key + ".*.tmp"))
        {
            log.Debug($"removing {Path.GetFileName(leftover)}, left by an interrupted run");
            TryDelete(leftover);
        }
    }

    private static FileStreamOptions CreateOptions(System.IO.FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode600;
        }

        return options;
    }

    private static byte[] ReadAtMost(string path, int limit)
    {
        using var stream = new FileStream(path, System.IO.FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new byte[(int)Math.Min(limit, stream.Length + 1)];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }

    /// <summary>flock's EWOULDBLOCK (11 on Linux, 35 on macOS), or Windows' sharing/lock violation.</summary>
    private static bool IsHeldByAnother(IOException e) =>
        e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private IOException Unwritable(Exception e) =>
        e as IOException ?? new IOException($"permission denied in {Directory}", e);

    private static string Short(string key) => key[..12];
}
