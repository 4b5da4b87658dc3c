using AwsAssumeRole.Core.Cache;

namespace AwsAssumeRole.Core.Chain;

/// <summary>
/// The hops a <see cref="ChainSession"/> made, kept in its memory for its later runs when there is
/// no credentials cache to keep them in (<c>--no-cache</c>, or no folder for one): a long-lived
/// session (<c>serve</c>) then makes again only the hops whose credentials run short, as it does
/// with the cache, so an MFA hop assumed for 12 hours is not asked for every hour.
/// </summary>
/// <param name="hopCount">The number of hops in the plan.</param>
/// <param name="time">The clock freshness is judged by.</param>
internal sealed class HeldHops(int hopCount, TimeProvider time) : IChainCache
{
    private readonly CachedHop?[] held = new CachedHop?[hopCount];

    /// <summary>A held hop is used only while more than this is left (the session's margin).</summary>
    public TimeSpan MinRemaining { get; set; }

    /// <inheritdoc />
    public CachedHop? FindLongestFresh()
    {
        for (var index = held.Length - 1; index >= 0; index--)
        {
            if (Fresh(index) is { } hop)
            {
                return hop;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public Task<IHopSlot> EnterAsync(int hopIndex, CancellationToken cancellationToken) =>
        Task.FromResult<IHopSlot>(new Slot(this, hopIndex));

    /// <summary>The session itself remembers its source's identity (<see cref="ChainRunner.KnownSourceIdentity"/>): nothing is held here.</summary>
    /// <returns>Always null.</returns>
    public Sts.CallerIdentity? FindSourceIdentity() => null;

    /// <inheritdoc />
    public Task StoreSourceIdentityAsync(Sts.CallerIdentity identity, DateTimeOffset? sourceExpiration, CancellationToken cancellationToken) => Task.CompletedTask;

    private CachedHop? Fresh(int index) =>
        held[index] is { } hop && CacheFreshness.IsFresh(hop.Credentials.Expiration, time.GetUtcNow(), MinRemaining) ? hop : null;

    // Only this process makes these hops: nothing can appear while it waits, so a slot never has a
    // fresh hop the longest fresh prefix did not already give.
    private sealed class Slot(HeldHops owner, int index) : IHopSlot
    {
        public CachedHop? Fresh => null;

        public void Store(CachedHop hop) => owner.held[index] = hop;

        public void Dispose()
        {
        }
    }
}
