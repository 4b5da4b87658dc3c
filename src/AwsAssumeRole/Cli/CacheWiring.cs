using System.CommandLine;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Sources;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Cli;

/// <summary>Turns the cache options into the cache a run uses.</summary>
internal static class CacheWiring
{
    /// <summary>The cache settings, checked with the rest of the command line; null for <c>--no-cache</c>.</summary>
    public static CacheSettings? Settings(CommandLine cli, ParseResult parsed)
    {
        var noCache = parsed.GetValue(cli.NoCache);
        var refresh = parsed.GetValue(cli.Refresh);
        if (noCache && refresh)
        {
            throw AssumeRoleException.BadInput("--no-cache and --refresh contradict each other: --refresh writes new credentials to the cache, --no-cache never touches it");
        }

        var minRemaining = parsed.GetValue(cli.MinRemaining) is { } text ? CacheFreshness.ParseMinRemaining(text) : CacheFreshness.DefaultMinRemaining;
        return noCache ? null : new CacheSettings(refresh, minRemaining, CacheSettings.DefaultLockWait);
    }

    /// <summary>The cache for this chain from this source, or null when there is none to use.</summary>
    public static IChainCache? Open(CacheSettings? settings, ChainPlan plan, SourceCredentials source, StsEndpoint endpoint, IEnvironment environment, StderrLog log)
    {
        if (settings is null || plan.Hops.Count == 0)
        {
            return null;
        }

        if (CacheLocation.Resolve(environment, OperatingSystem.IsWindows()) is not { } folder)
        {
            log.Warning("no folder for the credentials cache (set AWS_ASSUME_ROLE_CACHE_DIR or HOME); going on without it");
            return null;
        }

        log.Debug($"credentials cache {folder}");
        var keys = CacheKeys.For(source.Credentials.AccessKeyId, plan, endpoint);
        var cache = new ChainCache(new CacheStore(folder, log), keys, source.Credentials.MaskedAccessKeyId, settings, TimeProvider.System, log);
        return new SecretTrackingCache(cache, log);
    }

    /// <summary>Tells the log the secrets of every cached hop, so no stderr line can ever show one.</summary>
    private sealed class SecretTrackingCache(IChainCache inner, StderrLog log) : IChainCache
    {
        public CachedHop? FindLongestFresh() => Track(inner.FindLongestFresh());

        public async Task<IHopSlot> EnterAsync(int hopIndex, CancellationToken cancellationToken)
        {
            var slot = await inner.EnterAsync(hopIndex, cancellationToken).ConfigureAwait(false);
            Track(slot.Fresh);
            return slot;
        }

        private CachedHop? Track(CachedHop? hop)
        {
            log.AddSecret(hop?.Credentials.SecretAccessKey);
            log.AddSecret(hop?.Credentials.SessionToken);
            return hop;
        }
    }
}
