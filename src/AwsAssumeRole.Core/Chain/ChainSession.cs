using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sources;
using AwsAssumeRole.Core.Sso;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Chain;

/// <summary>
/// One chain, ready to run and to run again: it owns the plan (the profile's hops and the command
/// line's), the STS endpoint, the source credentials, the cache and the runner, and answers one
/// question on demand — credentials that are valid for at least so long. A one-shot command asks
/// once; a long-lived endpoint asks before every expiry. <see cref="Open"/> does everything that
/// needs no network (profiles, plan, endpoint), so bad input fails before any call; source
/// credentials are fetched on the first <see cref="GetCredentialsAsync"/>, and again when they are
/// themselves about to expire.
/// </summary>
public sealed class ChainSession : IDisposable
{
    private readonly ChainRequest request;
    private readonly ChainServices services;
    private readonly ProfileChain profiles;
    private readonly StsTransportOptions transportOptions;
    private readonly IMfaCodeSource mfa;
    private StsTransport? transport;
    private IStsGateway? sts;
    private CacheStore? cacheStore;
    private bool cacheUnavailable;
    private SourceCredentials? source;
    private ChainResult? last;
    private HeldHops? held;
    private string? heldFor;
    private bool ranOnce;
    private (string AccessKeyId, IdentityArn Identity)? sourceIdentity;
    private readonly SsoServices? sso;

    private ChainSession(ChainRequest request, ChainServices services, ProfileChain profiles, ChainPlan plan, StsEndpoint endpoint, StsTransportOptions transportOptions, SsoServices? sso)
    {
        this.sso = sso;
        this.request = request;
        this.services = services;
        this.profiles = profiles;
        this.transportOptions = transportOptions;
        Plan = plan;
        Endpoint = endpoint;
        mfa = new MfaCodeSource(request.MfaCode, services.Terminal);
    }

    /// <summary>The hops to make, the profile's first.</summary>
    public ChainPlan Plan { get; }

    /// <summary>Where the STS calls go, and the region the credentials are for (when one is known).</summary>
    public StsEndpoint Endpoint { get; }

    /// <summary>How long credentials handed out must still be valid (the request's <c>--min-remaining</c>).</summary>
    public TimeSpan MinRemaining => request.MinRemaining;

    /// <summary>The config and credentials files as this session read them (read once, at <see cref="Open"/>).</summary>
    public ProfileStore Profiles { get; private init; } = null!;

    /// <summary>Where the chain's credentials come from (known before anything is fetched).</summary>
    public CredentialSource Source => profiles.Source;

    /// <summary>The source credentials of the last run, or null before the first; tells whether they were temporary.</summary>
    public AwsCredentials? SourceCredentials => source?.Credentials;

    /// <summary>
    /// The run's one bounded HTTP transport (timeouts, size limit, no redirects, CA bundle), for the
    /// chain and the calls a verb makes after it; made at its first use, so a run the cache answers
    /// makes no HTTP client at all.
    /// </summary>
    public StsTransport Transport => transport ??= new StsTransport(transportOptions, services.Time);

    /// <summary>
    /// Reads the profile files, builds and checks the plan, resolves the endpoint and sets up the
    /// transport (timeouts, CA bundle, proxy; plain HTTP to another machine only with
    /// <c>--allow-http</c>); throws a bad-input <see cref="AssumeRoleException"/> for anything wrong.
    /// Makes no network call.
    /// </summary>
    public static ChainSession Open(ChainRequest request, ChainServices services)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var store = new ProfileStore(ProfileFiles.FromEnvironment(services.Environment));
        var profiles = new ProfileChainResolver(services.Environment, store).Resolve(request.Profile);
        var plan = ChainPlanBuilder.Build(profiles.Hops, request.Roles, request.Options, request.MfaCode is not null);
        var endpoint = StsEndpoint.Resolve(request.Region, request.EndpointUrl, services.Environment, profiles.Region, profiles.EndpointUrl, profiles.StsRegionalEndpoints, profiles.Profile is { } profile ? profile.Describe : null);
        if (endpoint.CheckPlainHttp(request.AllowHttp) is { } warning)
        {
            services.Log.Warning(warning);
        }

        WarnAboutUnsupportedEndpointSettings(services, profiles, endpoint);

        var options = StsTransportOptions.Resolve(request.Timeout, services.Environment, profiles.CaBundle) with
        {
            Proxy = services.Proxy,
            WarmTrustStore = endpoint.EndpointUrl is not { } url || url.Scheme == Uri.UriSchemeHttps,
        };
        var sso = profiles.Source.Sso is { } ssoSource ? SsoServices.Resolve(ssoSource, profiles, request, services) : null;
        if (services.Log.DebugEnabled)
        {
            services.Log.Debug($"STS endpoint {endpoint.Describe()}, signing region {endpoint.SigningRegion}");
            services.Log.Debug($"STS requests: at most {StsTransportOptions.DescribeSeconds(options.Timeout)} in all, {StsTransportOptions.DescribeSeconds(StsTransportOptions.RequestTimeout)} each; CA bundle {(options.CaBundle is { } bundle ? PrintableText.Escape(bundle) : "none (the system's)")}");
        }

        return new ChainSession(request, services, profiles, plan, endpoint, options, sso) { Profiles = store };
    }

    /// <summary>
    /// The credentials at the end of the chain, valid for more than <paramref name="minRemaining"/>
    /// (default: the request's <c>--min-remaining</c>). Hops whose credentials this session or the
    /// cache already holds, fresh enough, are not made again: a later run makes only the hops
    /// after the longest prefix that is still fresh (kept in the session's memory when there is
    /// no cache). <c>--refresh</c> applies to the first run only: it renews what was there before
    /// the session, not what the session itself just made.
    /// </summary>
    public async Task<ChainResult> GetCredentialsAsync(TimeSpan? minRemaining = null, CancellationToken cancellationToken = default)
    {
        var margin = minRemaining ?? request.MinRemaining;
        var now = services.Time.GetUtcNow();
        if (last is not null && Plan.Hops.Count > 0 && CacheFreshness.IsFresh(last.Credentials.Expiration, now, margin))
        {
            return last;
        }

        transport?.StartRun();
        var current = await SourceAsync(now, margin, cancellationToken).ConfigureAwait(false);
        var runner = new ChainRunner(Sts(), services.Log, mfa, (IChainCache?)OpenCache(current, margin) ?? Held(current, margin))
        {
            KnownSourceIdentity = sourceIdentity is { } known && known.AccessKeyId == current.Credentials.AccessKeyId ? known.Identity : null,
        };
        last = await runner.RunAsync(current.Credentials, Plan, cancellationToken).ConfigureAwait(false);
        ranOnce = true;
        if (last.SourceIdentity is { } identity)
        {
            sourceIdentity = (current.Credentials.AccessKeyId, identity);
        }

        return last;
    }

    /// <summary>
    /// The source credentials alone, fetched now if they have not been (so that a verb can look at
    /// them before any STS call); <see cref="GetCredentialsAsync"/> then starts from them.
    /// </summary>
    public async Task<AwsCredentials> GetSourceAsync(CancellationToken cancellationToken = default) =>
        (await SourceAsync(services.Time.GetUtcNow(), request.MinRemaining, cancellationToken).ConfigureAwait(false)).Credentials;

    /// <summary>The identity of <paramref name="result"/>'s credentials, by <c>GetCallerIdentity</c>.</summary>
    public Task<CallerIdentity> WhoAmIAsync(ChainResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var context = result.FinalRole is null ? "GetCallerIdentity with the source credentials" : $"GetCallerIdentity as {result.FinalRole}";
        return new ChainRunner(Sts(), services.Log).WhoAmIAsync(result.Credentials, context, cancellationToken);
    }

    // FIPS and dual-stack endpoints are SDK settings the tool does not take over (it pins the SDK's
    // settings so that the SDK reads nothing itself): asked for, they are said to be ignored
    // rather than silently dropped.
    private static void WarnAboutUnsupportedEndpointSettings(ChainServices services, ProfileChain profiles, StsEndpoint endpoint)
    {
        if (endpoint.EndpointUrl is not null)
        {
            return;
        }

        foreach (var (variable, key, what, example) in new[]
        {
            (EnvironmentVariables.UseFipsEndpoint, "use_fips_endpoint", "FIPS", "https://sts-fips.us-east-1.amazonaws.com"),
            (EnvironmentVariables.UseDualStackEndpoint, "use_dualstack_endpoint", "dual-stack", "https://sts.us-east-1.api.aws"),
        })
        {
            var (value, source) = services.Environment.Get(variable) is { } fromEnvironment ? (fromEnvironment, variable) : (profiles.Profile?.Get(key), $"the profile's {key}");
            if (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase))
            {
                services.Log.Warning($"{source} is not supported: STS calls go to {endpoint.Describe()}; for a {what} endpoint give it with --endpoint-url (such as {example})");
            }
        }
    }

    /// <summary>Closes the session's HTTP connections.</summary>
    public void Dispose() => transport?.Dispose();

    /// <summary>
    /// The HTTP client of every STS call, made at the first one: a run the cache answers makes no
    /// call, and building the client (TLS settings, the CA bundle's certificates) would load the TLS
    /// library for nothing. A bad CA bundle still fails before any call (exit 2).
    /// </summary>

    private IStsGateway Sts() => sts ??= new LazyStsGateway(this);

    // The source is fetched once, and again only when it expires within the margin (a
    // credential_process or container source hands out temporary credentials too).
    private async Task<SourceCredentials> SourceAsync(DateTimeOffset now, TimeSpan margin, CancellationToken cancellationToken)
    {
        if (source is not null && (source.Credentials.Expiration is null || CacheFreshness.IsFresh(source.Credentials.Expiration, now, margin)))
        {
            return source;
        }

        var provider = new SourceCredentialProvider(services.Environment, Endpoint, services.CredentialProcessVariables, () => Transport)
        {
            Sso = sso is null ? null : SsoRoleCredentials(sso),
        };
        source = await provider.ResolveAsync(profiles, margin, cancellationToken).ConfigureAwait(false);
        services.Log.Secret(source.Credentials.SecretAccessKey);
        services.Log.Secret(source.Credentials.SessionToken);
        if (services.Log.DebugEnabled)
        {
            services.Log.Debug($"source credentials from {source.Description}, key {source.Credentials.MaskedAccessKeyId}");
        }

        return source;
    }

    /// <summary>The cache of this chain from this source, or null when there is none to use.</summary>
    private ChainCache? OpenCache(SourceCredentials from, TimeSpan margin)
    {
        if (request.Cache is not { } settings || Plan.Hops.Count == 0 || Store() is not { } store)
        {
            return null;
        }

        var keys = CacheKeys.For(from.Credentials.AccessKeyId, Plan, Endpoint);
        return new ChainCache(store, keys, from.Credentials.MaskedAccessKeyId, settings with { MinRemaining = margin, Refresh = settings.Refresh && !ranOnce }, services.Time, services.Log);
    }

    /// <summary>The credentials cache's store, made once; null with <c>--no-cache</c> or when there is no folder for it.</summary>
    private CacheStore? Store()
    {
        if (request.Cache is null || cacheUnavailable)
        {
            return null;
        }

        if (cacheStore is null)
        {
            if (CacheLocation.Resolve(services.Environment, OperatingSystem.IsWindows()) is not { } folder)
            {
                cacheUnavailable = true;
                services.Log.Warning("no folder for the credentials cache (set AWS_ASSUME_ROLE_CACHE_DIR or HOME); going on without it");
                return null;
            }

            if (services.Log.DebugEnabled)
            {
                services.Log.Debug($"credentials cache {folder}");
            }

            cacheStore = new CacheStore(folder, services.Log, services.Time);
        }

        return cacheStore;
    }

    /// <summary>
    /// The hops this session made from this source, in memory, when there is no cache; hops made
    /// from another source (one that was fetched again with new keys) are not reused.
    /// </summary>
    private HeldHops? Held(SourceCredentials from, TimeSpan margin)
    {
        if (Plan.Hops.Count == 0)
        {
            return null;
        }

        if (held is null || heldFor != from.Credentials.AccessKeyId)
        {
            held = new HeldHops(Plan.Hops.Count, services.Time);
            heldFor = from.Credentials.AccessKeyId;
        }

        held.MinRemaining = margin;
        return held;
    }

    private SsoRoleCredentials SsoRoleCredentials(SsoServices with)
    {
        var client = services.Sso(with.Portal, with.Oidc, Transport, services.Log);
        var tokens = new SsoAccessTokens(new SsoTokenCache(services.Environment), client, services.Time, services.Log);
        return new SsoRoleCredentials(with.Source, client, tokens, with.Portal, Store(), request.Cache, services.Time, services.Log);
    }

    /// <summary>The session's STS client, made at its first call (see <see cref="Transport"/>).</summary>
    private sealed class LazyStsGateway(ChainSession session) : IStsGateway
    {
        private IStsGateway? inner;

        public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken) =>
            Inner().GetCallerIdentityAsync(credentials, cancellationToken);

        public Task<AssumedRole> AssumeRoleAsync(AwsCredentials credentials, AssumeRoleCall call, CancellationToken cancellationToken) =>
            Inner().AssumeRoleAsync(credentials, call, cancellationToken);

        private IStsGateway Inner() => inner ??= session.services.Sts(session.Endpoint, session.Transport, session.services.Log);
    }
}
