using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Cache;

/// <summary>How a run uses the cache.</summary>
/// <param name="Refresh">Ignore what is stored, but store what is made (<c>--refresh</c>).</param>
/// <param name="MinRemaining">Use an entry only while more than this is left (<c>--min-remaining</c>).</param>
/// <param name="LockWait">How long to wait for another process making the same hop before going on without the cache.</param>
public sealed record CacheSettings(bool Refresh, TimeSpan MinRemaining, TimeSpan LockWait)
{
    /// <summary>How long a run waits, by default, for another one making the same hop.</summary>
    public static readonly TimeSpan DefaultLockWait = TimeSpan.FromSeconds(30);

    /// <summary>What a run uses without cache options: read and write, 15 minutes' margin.</summary>
    public static CacheSettings Default { get; } = new(false, CacheFreshness.DefaultMinRemaining, DefaultLockWait);
}

/// <summary>
/// The cache for one chain: finds the longest fresh prefix, and lets exactly one process at a time
/// make each hop (the others wait on the hop's lock, then read what it stored). A cache folder not to
/// be trusted, or any failure to read the folder or to write, is one warning, after which the run
/// goes on without the cache.
/// </summary>
public sealed class ChainCache : IChainCache
{
    /// <summary>
    /// How long a source identity is kept at most. An access key ID belongs to one identity for its
    /// life, so this only bounds how long a deleted user's or role's name can linger; it is also how
    /// long entries live before they are removed as certainly expired.
    /// </summary>
    private static readonly TimeSpan SourceIdentityLifetime = TimeSpan.FromHours(12);

    private readonly CacheStore store;
    private readonly CacheKeys keys;
    private readonly string maskedSource;
    private readonly CacheSettings settings;
    private readonly TimeProvider time;
    private readonly IChainLog log;
    private bool disabled;

    /// <summary>The cache of the chain whose keys are <paramref name="keys"/>.</summary>
    public ChainCache(CacheStore store, CacheKeys keys, string maskedSource, CacheSettings settings, TimeProvider time, IChainLog log)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(log);
        (this.store, this.keys, this.maskedSource, this.settings, this.time, this.log) = (store, keys, maskedSource, settings, time, log);
    }

    /// <inheritdoc />
    public CachedHop? FindLongestFresh()
    {
        if (settings.Refresh)
        {
            return null;
        }

        for (var index = keys.Keys.Count - 1; index >= 0; index--)
        {
            if (ReadFresh(index) is { } hop)
            {
                return hop;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async Task<IHopSlot> EnterAsync(int hopIndex, CancellationToken cancellationToken)
    {
        if (disabled)
        {
            return new Slot(this, hopIndex, null, null);
        }

        IDisposable? held;
        try
        {
            held = await store.LockAsync(keys.Keys[hopIndex], settings.LockWait, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            Disable(Warning(e, "write"));
            return new Slot(this, hopIndex, null, null);
        }

        if (held is null)
        {
            Disable($"another aws-assume-role has been making hop {hopIndex + 1} of this chain for {Durations.Describe((int)settings.LockWait.TotalSeconds)}; going on without the cache");
            return new Slot(this, hopIndex, null, null);
        }

        return new Slot(this, hopIndex, held, settings.Refresh ? null : ReadFresh(hopIndex));
    }

    /// <inheritdoc />
    public CallerIdentity? FindSourceIdentity()
    {
        if (settings.Refresh || disabled)
        {
            return null;
        }

        SourceIdentityEntry? entry;
        try
        {
            entry = store.ReadSourceIdentity(keys.SourceIdentity);
        }
        catch (IOException e)
        {
            Disable(Warning(e, "read"));
            return null;
        }

        if (entry is null)
        {
            return null;
        }

        if (entry.Expiration <= time.GetUtcNow())
        {
            log.Debug($"cached source identity expired at {Iso8601.Format(entry.Expiration)}: not used");
            return null;
        }

        return entry.Identity;
    }

    /// <inheritdoc />
    public async Task StoreSourceIdentityAsync(CallerIdentity identity, DateTimeOffset? sourceExpiration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var now = time.GetUtcNow();
        var longest = now + SourceIdentityLifetime;
        var expiration = sourceExpiration is { } expires && expires < longest ? expires : longest;
        if (disabled || expiration <= now)
        {
            return;
        }

        try
        {
            // Under the entry's own lock, as every write: a temporary file left by a killed run is then removed.
            using var held = await store.LockAsync(keys.SourceIdentity, settings.LockWait, cancellationToken).ConfigureAwait(false);
            if (held is not null)
            {
                store.Write(new SourceIdentityEntry(keys.SourceIdentity, maskedSource, identity, expiration));
            }
        }
        catch (IOException e)
        {
            Disable(Warning(e, "write"));
        }
    }

    private CachedHop? ReadFresh(int index)
    {
        if (disabled)
        {
            return null;
        }

        CacheEntry? entry;
        try
        {
            entry = store.Read(keys.Keys[index], removeUntrusted: true);
        }
        catch (IOException e)
        {
            Disable(Warning(e, "read"));
            return null;
        }

        if (entry is null || entry.Hop.Roles.Count != index + 1)
        {
            return null;
        }

        var expiration = entry.Hop.Credentials.Expiration;
        if (!CacheFreshness.IsFresh(expiration, time.GetUtcNow(), settings.MinRemaining))
        {
            log.Debug($"cached hops 1-{index + 1} expire at {Iso8601.Format(expiration!.Value)}, within {Durations.Describe((int)settings.MinRemaining.TotalSeconds)}: not used");
            return null;
        }

        if (log.DebugEnabled)
        {
            log.Debug($"cached hops 1-{index + 1} used, expiring at {Iso8601.Format(expiration!.Value)}");
        }

        return entry.Hop;
    }

    private void Store(int index, CachedHop hop)
    {
        if (disabled)
        {
            return;
        }

        try
        {
            store.Write(new CacheEntry(keys.Keys[index], maskedSource, hop));
        }
        catch (IOException e)
        {
            Disable(Warning(e, "write"));
        }
    }

    private static string Warning(IOException e, string doing) => e is CacheRefusedException
        ? $"not using the credentials cache: {Errors.SystemErrors.Describe(e)}; going on without it"
        : $"cannot {doing} the credentials cache: {Errors.SystemErrors.Describe(e)}; going on without it";

    private void Disable(string warning)
    {
        if (!disabled)
        {
            disabled = true;
            log.Warning(warning);
        }
    }

    private sealed class Slot(ChainCache cache, int index, IDisposable? held, CachedHop? fresh) : IHopSlot
    {
        public CachedHop? Fresh => fresh;

        public void Store(CachedHop hop)
        {
            if (held is not null)
            {
                cache.Store(index, hop);
            }
        }

        public void Dispose() => held?.Dispose();
    }
}
