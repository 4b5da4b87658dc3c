using AwsAssumeRole.Core.Chain;

namespace AwsAssumeRole.Core.Cache;

/// <summary>
/// The entries in the cache folder: one file per key, <c>KEY.json</c>, 0600. The folder is opened and
/// checked once per store (<see cref="CacheFolder"/>) and every file is then reached relative to it
/// and checked on its open descriptor (<see cref="CacheDirectory"/>). A file that is a symbolic link,
/// owned by another user, open to others or hard-linked elsewhere is not trusted (and removed, if it
/// is still the file that was checked); one that is not exactly a valid entry for its key is a miss;
/// both get rewritten. Writes go to a temporary file in the same folder, flushed to disk, then
/// renamed over the old entry, so a reader sees the old entry or the new one and never half of one.
/// Every write of a key happens under that key's lock (<see cref="CacheLock"/>), so a temporary file
/// of that key seen under the lock was left by a killed run and is removed.
/// </summary>
public sealed class CacheStore
{
    /// <summary>
    /// An entry file last written longer ago than this holds expired credentials for sure (STS's
    /// longest session is 12 h, and an entry is written as soon as its credentials are issued).
    /// </summary>
    private static readonly TimeSpan CertainlyExpired = TimeSpan.FromHours(12) + TimeSpan.FromMinutes(15);

    private readonly IChainLog log;
    private readonly TimeProvider time;
    private CacheDirectory? folder;
    private CacheRefusedException? refused;
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
        Directory = directory;
        this.log = log;
        this.time = time;
    }

    /// <summary>The cache folder.</summary>
    public string Directory { get; }

    /// <summary>
    /// The entry stored under <paramref name="key"/>, or null on a miss (no folder, no file, or one not
    /// to be trusted or not valid). Never throws for a bad file; throws <see cref="IOException"/> when
    /// the folder itself cannot be used (it, or a folder on the way to it, is not to be trusted, or it
    /// cannot be opened). With <paramref name="removeUntrusted"/>, a file not to be trusted (a link,
    /// another user's, or one others could read, whose secret may have been seen) is removed, so that
    /// nothing ever uses it and the next write starts clean.
    /// </summary>
    public CacheEntry? Read(string key, bool removeUntrusted) =>
        ReadEntry(key, removeUntrusted, (bytes, expected) => (CacheEntryJson.TryRead(bytes, expected, out var invalid), invalid));

    /// <summary>
    /// The source entry stored under <paramref name="key"/> (the role credentials a source such as
    /// IAM Identity Center handed out), or null on a miss; as <see cref="Read"/> otherwise.
    /// </summary>
    public SourceEntry? ReadSource(string key) =>
        ReadEntry(key, removeUntrusted: true, (bytes, expected) => (SourceEntryJson.TryRead(bytes, expected, out var invalid), invalid));

    /// <summary>
    /// The source identity stored under <paramref name="key"/> (what <c>GetCallerIdentity</c> answered
    /// for a source key), or null on a miss; read, checked and cleaned up as <see cref="Read"/> does
    /// when told to remove files not to be trusted.
    /// </summary>
    public SourceIdentityEntry? ReadSourceIdentity(string key) =>
        ReadEntry(key, removeUntrusted: true, (bytes, expected) => (CacheEntryJson.TryReadSourceIdentity(bytes, expected, out var invalid), invalid));

    /// <summary>Stores a source identity atomically; as <see cref="Write(CacheEntry)"/>.</summary>
    public void Write(SourceIdentityEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        WriteEntry(entry.Key, CacheEntryJson.Write(entry));
    }

    /// <summary>
    /// Stores <paramref name="entry"/> atomically. Call it holding the key's lock. Throws
    /// <see cref="IOException"/> when the cache cannot be written.
    /// </summary>
    public void Write(CacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        WriteEntry(entry.Key, CacheEntryJson.Write(entry));
    }

    /// <summary>Stores a source entry atomically; as <see cref="Write(CacheEntry)"/>.</summary>
    public void Write(SourceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        WriteEntry(entry.Key, SourceEntryJson.Write(entry));
    }

    private T? ReadEntry<T>(string key, bool removeUntrusted, Func<byte[], string, (T? Entry, string? Invalid)> parse)
        where T : class
    {
        var name = EntryName(key);
        if (Folder(create: false) is not { } directory)
        {
            return null;
        }

        try
        {
            var bytes = directory.ReadTrusted(name, CacheEntryJson.MaxBytes + 1, out var untrusted);
            if (untrusted is not null)
            {
                var removed = removeUntrusted && directory.RemoveIfUnchanged(name, untrusted);
                var outcome = removed ? "; removed" : removeUntrusted ? "; not removed: no longer the file looked at" : string.Empty;
                log.Debug($"cache entry {Short(key)} not trusted: {untrusted.Problem}{outcome}");
                return null;
            }

            if (bytes is null)
            {
                return null;
            }

            var (entry, invalid) = parse(bytes, key);
            if (entry is null && invalid is not null)
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

    private void WriteEntry(string key, byte[] bytes)
    {
        var directory = Folder(create: true)!;
        var temporary = $"{key}.{Guid.NewGuid():N}.tmp";
        try
        {
            directory.WriteNew(temporary, bytes);
            directory.Replace(temporary, EntryName(key));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            directory.TryRemove(temporary);
            throw e as IOException ?? new Errors.DescribedIOException($"permission denied in {Directory}", e);
        }

        if (!expiredRemoved)
        {
            expiredRemoved = true;
            RemoveExpired(directory);
        }
    }

    /// <summary>
    /// Takes the exclusive lock of <paramref name="key"/>, creating the folder when needed; waits at
    /// most <paramref name="wait"/> for another process to release it and returns null when that
    /// time runs out. Throws <see cref="IOException"/> when the folder or the lock file cannot be made.
    /// </summary>
    public async Task<IDisposable?> LockAsync(string key, TimeSpan wait, CancellationToken cancellationToken)
    {
        var name = Path.ChangeExtension(EntryName(key), ".lock");
        var directory = Folder(create: true)!;
        var held = await CacheLock.AcquireAsync(directory, name, wait, time, cancellationToken).ConfigureAwait(false);
        if (held is not null)
        {
            RemoveLeftoverTemporaryFiles(directory, key);
        }

        return held;
    }

    /// <summary>Every valid, trusted chain entry in the folder (nothing is changed).</summary>
    public IReadOnlyList<CacheEntry> List() => ListEntries((bytes, key) => CacheEntryJson.TryRead(bytes, key, out _));

    /// <summary>Every valid, trusted source entry in the folder (nothing is changed).</summary>
    public IReadOnlyList<SourceEntry> ListSources() => ListEntries((bytes, key) => SourceEntryJson.TryRead(bytes, key, out _));

    // Quietly: each file is one kind of entry or the other, and is read as both.
    private List<T> ListEntries<T>(Func<byte[], string, T?> parse)
        where T : class
    {
        if (Folder(create: false) is not { } directory)
        {
            return [];
        }

        return directory.Names("*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name is not null && CacheKeys.IsKey(name))
            .Select(name => ReadEntry(name!, removeUntrusted: false, (bytes, key) => (parse(bytes, key), (string?)null)))
            .OfType<T>()
            .ToList();
    }

    /// <summary>
    /// Removes every entry, lock and temporary file of this tool from the folder (and nothing else
    /// that may be there); returns how many entries were removed: source identities, and all the
    /// others (credentials, and files that were not valid entries).
    /// </summary>
    public (int Credentials, int SourceIdentities) Clear()
    {
        if (Folder(create: false) is not { } directory)
        {
            return (0, 0);
        }

        var (credentials, identities) = (0, 0);
        foreach (var name in directory.Names("*").ToList())
        {
            if (name.Length < 64 || !CacheKeys.IsKey(name.AsSpan(0, 64)))
            {
                continue;
            }

            var rest = name[64..];
            var ours = rest is ".json" or ".lock" || (rest.StartsWith('.') && rest.EndsWith(".tmp", StringComparison.Ordinal));
            var identity = rest == ".json" && ReadSourceIdentityQuietly(name[..64]);
            if (ours && directory.Remove(name) && rest == ".json")
            {
                (credentials, identities) = identity ? (credentials, identities + 1) : (credentials + 1, identities);
            }
        }

        return (credentials, identities);
    }

    private bool ReadSourceIdentityQuietly(string key) =>
        ReadEntry(key, removeUntrusted: false, (bytes, expected) => (CacheEntryJson.TryReadSourceIdentity(bytes, expected, out _), (string?)null)) is not null;

    /// <summary>
    /// The checked cache folder, opened once for the store's life; null while it does not exist and
    /// is not to be made. A folder refused once stays refused.
    /// </summary>
    private CacheDirectory? Folder(bool create)
    {
        if (refused is not null)
        {
            throw new CacheRefusedException(refused.Message);
        }

        if (folder is not null)
        {
            return folder;
        }

        try
        {
            folder = CacheFolder.Open(Directory, create, log);
        }
        catch (CacheRefusedException e)
        {
            refused = e;
            throw;
        }
        catch (UnauthorizedAccessException e)
        {
            throw new Errors.DescribedIOException($"permission denied in {Directory}", e);
        }

        return folder;
    }

    /// <summary>
    /// Removes entries (and their locks) last written so long ago that they have certainly expired,
    /// so that chains run once, or from sources whose keys change, do not pile up. Done once per run
    /// that writes (a cold run, whose network calls dwarf this).
    /// </summary>
    private void RemoveExpired(CacheDirectory directory)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - CertainlyExpired;
        try
        {
            foreach (var name in directory.Names("*.json").ToList())
            {
                var key = Path.GetFileNameWithoutExtension(name);
                if (CacheKeys.IsKey(key) && directory.LastWriteUtc(name) is { } written && written < cutoff)
                {
                    log.Debug($"removing cache entry {Short(key)}: expired long ago");
                    directory.TryRemove(name);
                    directory.TryRemove(key + ".lock");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Debug($"could not look for expired cache entries: {e.GetType().Name}");
        }
    }

    private static string EntryName(string key) =>
        CacheKeys.IsKey(key) ? key + ".json" : throw new ArgumentException("not a cache key", nameof(key));

    private void RemoveLeftoverTemporaryFiles(CacheDirectory directory, string key)
    {
        foreach (var leftover in directory.Names(key + ".*.tmp").ToList())
        {
            log.Debug($"removing {leftover}, left by an interrupted run");
            directory.TryRemove(leftover);
        }
    }

    private static string Short(string key) => key[..12];
}
