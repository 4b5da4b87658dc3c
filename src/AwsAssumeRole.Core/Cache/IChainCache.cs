using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Cache;

/// <summary>The chain runner's view of the cache, for one chain from one source.</summary>
public interface IChainCache
{
    /// <summary>The fresh cached prefix with the most hops, or null when none is fresh (or entries are to be ignored).</summary>
    CachedHop? FindLongestFresh();

    /// <summary>
    /// Enters the making of hop <paramref name="hopIndex"/> (0-based): waits until no other process
    /// is making it, then tells whether one stored it meanwhile. Dispose the slot when done.
    /// </summary>
    Task<IHopSlot> EnterAsync(int hopIndex, CancellationToken cancellationToken);

    /// <summary>
    /// What <c>GetCallerIdentity</c> answered earlier for this chain's source key, while it is still
    /// to be used; null when there is none (or entries are to be ignored).
    /// </summary>
    CallerIdentity? FindSourceIdentity();

    /// <summary>
    /// Stores what <c>GetCallerIdentity</c> answered for the source, until the source credentials
    /// expire (<paramref name="sourceExpiration"/>) and for at most 12 hours. Never throws: a cache that
    /// cannot be written is a warning.
    /// </summary>
    Task StoreSourceIdentityAsync(CallerIdentity identity, DateTimeOffset? sourceExpiration, CancellationToken cancellationToken);
}

/// <summary>The right to make one hop and store it.</summary>
public interface IHopSlot : IDisposable
{
    /// <summary>A fresh entry another process stored while this one waited; null to make the hop.</summary>
    CachedHop? Fresh { get; }

    /// <summary>Stores the hop just made. Never throws: a cache that cannot be written is a warning.</summary>
    void Store(CachedHop hop);
}
