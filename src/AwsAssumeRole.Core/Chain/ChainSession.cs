using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Sources;
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

    private ChainSession(ChainRequest request, ChainServices services, ProfileChain profiles, ChainPlan plan, StsEndpoint endpoint, StsTransportOptions transportOptions)
    {
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
        var profiles = new ProfileChainResolver(services.Environment, new ProfileStore(ProfileFiles.FromEnvironment(services.Environment))).Resolve(request.Profile);
        var plan = ChainPlanBuilder.Build(profiles.Hops, request.Roles, request.Options, request.MfaCode is not null);
        var endpoint = StsEndpoint.Resolve(request.Region, request.EndpointUrl, services.Environment, profiles.Region, profiles.EndpointUrl, profiles.StsRegionalEndpoints, profiles.Profile is { } profile ? profile.Describe : null);
        if (endpoint.CheckPlainHttp(request.AllowHttp) is { } warning)
        {
            services.Log.Warning(warning);
        }

        var options = StsTransportOptions.Resolve(request.Timeout, services.Environment, profiles.CaBundle) with
        {
            Proxy = services.Proxy,
            WarmTrustStore = endpoint.EndpointUrl is not { } url || url.Scheme == Uri.UriSchemeHttps,
        };
        if (services.Log.DebugEnabled)
        {
            services.Log.Debug($"STS endpoint {endpoint.Describe()}, signing region {endpoint.SigningRegion}");
            services.Log.Debug($"STS requests: at most {StsTransportOptions.DescribeSeconds(options.Timeout)} in all, {StsTransportOptions.DescribeSeconds(StsTransportOptions.RequestTimeout)} each; CA bundle {(options.CaBundle is { } bundle ? PrintableText.Escape(bundle) : "none (the system's)")}");
        }

        return new ChainSession(request, services, profiles, plan, endpoint, options);
    }

    /// <summary>
    /// The credentials at the end of the chain, valid for more than <paramref name="minRemaining"/>
    /// (default: the request's <c>--min-remaining</c>). Hops whose credentials this session or the
    /// cache already holds, fresh enough, are not made again.
    /// </summary>
    public async Task<ChainResult> GetCredentialsAsync(TimeSpan? minRemaining = null, CancellationToken cancellationToken = default)
    {
        var margin = minRemaining ?? request.MinRemaining;
        var now = services.Time.GetUtcNow();
        if (last is not null && Plan.Hops.Count > 0 && CacheFreshness.IsFresh(last.Credentials.Expiration, now, margin))
        {
            return last;
        }

        var current = Source(now, margin);
        var runner = new ChainRunner(Sts(), services.Log, mfa, OpenCache(current, margin));
        last = await runner.RunAsync(current.Credentials, Plan, cancellationToken).ConfigureAwait(false);
        return last;
    }

    /// <summary>The identity of <paramref name="result"/>'s credentials, by <c>GetCallerIdentity</c>.</summary>
    public Task<CallerIdentity> WhoAmIAsync(ChainResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        var context = result.FinalRole is null ? "GetCallerIdentity with the source credentials" : $"GetCallerIdentity as {result.FinalRole}";
        return new ChainRunner(Sts(), services.Log).WhoAmIAsync(result.Credentials, context, cancellationToken);
    }

    /// <summary>Closes the session's HTTP connections.</summary>
    public void Dispose() => transport?.Dispose();

    /// <summary>
    /// The HTTP client of every STS call, made at the first one: a run the cache answers makes no
    /// call, and building the client (TLS settings, the CA bundle's certificates) would load the TLS
    /// library for nothing. A bad CA bundle still fails before any call (exit 2).
    /// </summary>
    private StsTransport Transport() => transport ??= new StsTransport(transportOptions, services.Time);

    private IStsGateway Sts() => sts ??= new LazyStsGateway(this);

    // The source is fetched once, and again only when it expires within the margin (a
    // credential_process or container source hands out temporary credentials too).
    private SourceCredentials Source(DateTimeOffset now, TimeSpan margin)
    {
        if (source is not null && (source.Credentials.Expiration is null || CacheFreshness.IsFresh(source.Credentials.Expiration, now, margin)))
        {
            return source;
        }

        source = new SourceCredentialProvider(services.Environment, Endpoint, services.CredentialProcessVariables, Transport).Resolve(profiles);
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
        if (request.Cache is not { } settings || Plan.Hops.Count == 0 || cacheUnavailable)
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

        var keys = CacheKeys.For(from.Credentials.AccessKeyId, Plan, Endpoint);
        return new ChainCache(cacheStore, keys, from.Credentials.MaskedAccessKeyId, settings with { MinRemaining = margin }, services.Time, services.Log);
    }

    /// <summary>The session's STS client, made at its first call (see <see cref="Transport"/>).</summary>
    private sealed class LazyStsGateway(ChainSession session) : IStsGateway
    {
        private IStsGateway? inner;

        public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken) =>
            Inner().GetCallerIdentityAsync(credentials, cancellationToken);

        public Task<AssumedRole> AssumeRoleAsync(AwsCredentials credentials, AssumeRoleCall call, CancellationToken cancellationToken) =>
            Inner().AssumeRoleAsync(credentials, call, cancellationToken);

        private IStsGateway Inner() => inner ??= session.services.Sts(session.Endpoint, session.Transport(), session.services.Log);
    }
}
