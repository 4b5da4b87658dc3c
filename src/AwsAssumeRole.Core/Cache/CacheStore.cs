using AwsAssumeRole.Core.Chain;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The entries in the cache folder: one file per key, <c>KEY.json</c>, 0600. A file that is a
/// symbolic link, owned by another user or open to others is not trusted (and removed); one that is
/// not exactly a valid entry for its key is a miss; both get rewritten. Writes go to a temporary
/// file in the same folder, flushed to disk, then renamed over the old entry, so a reader sees the
/// old entry or the new one and never half of one. Every write of a key happens under that key's
/// lock (<see cref="CacheLock"/>), so a temporary file of that key seen under the lock was left by a
/// killed run and is removed. The folder is <see cref="CacheFolder"/>'s business.
/// </summary>
public sealed class CacheStore
{
    /// <summary>
    /// An entry file last written longer ago than this holds expired credentials for sure (STS's
    /// longest session is 12 h, and an entry is written as soon as its credentials are issued).
    /// </summary>
    private static readonly TimeSpan CertainlyExpired = TimeSpan.FromHours(12) + TimeSpan.FromMinutes(15);

    private readonly CacheFolder folder;
    private readonly IChainLog log;
    private readonly TimeProvider time;
    private bool expiredRemoved;

    /// <summary>A store in <paramref name="directory"/>; nothing is touched until it is used.</summary>
    /// <param name="directory">The cache folder.</param>
    /// <param name="log">Where debug lines go.</param>
    /// <param name="time">The clock: lock waits and the age of entries.</param>
    public CacheStore(string directory, IChainLog log, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(time);
        folder = new CacheFolder(directory, log);
        this.log = log;
        this.time = time;
    }

    /// <summary>The cache folder.</summary>
    public string Directory => folder.Path;

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
            if (!folder.IsReadable())
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

            var entry = CacheEntryJson.TryRead(ReadAtMost(path, CacheEntryJson.MaxBytes + 1), key, out var invalid);
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
        folder.Ensure();
        var temporary = Path.Combine(Directory, $"{entry.Key}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, CacheFolder.FileOptions(FileMode.CreateNew, FileAccess.Write, FileShare.None)))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, EntryPath(entry.Key), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw e as IOException ?? new IOException($"permission denied in {Directory}", e);
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
    public async Task<IDisposable?> LockAsync(string key, TimeSpan wait, CancellationToken cancellationToken)
    {
        var path = Path.ChangeExtension(EntryPath(key), ".lock");
        folder.Ensure();
        var held = await CacheLock.AcquireAsync(path, wait, time, cancellationToken).ConfigureAwait(false);
        if (held is not null)
        {
            RemoveLeftoverTemporaryFiles(key);
        }

        return held;
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

    private void RemoveLeftoverTemporaryFiles(string key)
    {
        foreach (var leftover in System.IO.Directory.EnumerateFiles(Directory, key + ".*.tmp"))
        {
            log.Debug($"removing {Path.GetFileName(leftover)}, left by an interrupted run");
            TryDelete(leftover);
        }
    }

    private static byte[] ReadAtMost(string path, int limit)
    {
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

    private static string Short(string key) => key[..12];
}
