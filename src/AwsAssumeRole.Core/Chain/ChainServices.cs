using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Chain;

/// <summary>
/// The seams through which a <see cref="ChainSession"/> reaches the world: the environment (and,
/// through it, the profile files and the cache folder), the log, the terminal for MFA prompts,
/// the clock, the proxy and STS. The executable passes the real ones; tests pass fakes.
/// </summary>
/// <param name="Environment">Environment variables (a <c>credential_process</c> runs in this environment).</param>
/// <param name="Log">Where people are told what happens (stderr).</param>
/// <param name="Terminal">Where MFA codes are asked for.</param>
/// <param name="Time">The clock: cache freshness, lock waits.</param>
public sealed record ChainServices(IProcessEnvironment Environment, IChainLog Log, ITerminal Terminal, TimeProvider Time)
{
    /// <summary>Makes the STS client for an endpoint and transport; the official SDK's by default.</summary>
    public Func<StsEndpoint, StsTransport, IChainLog, IStsGateway> Sts { get; init; } = static (endpoint, transport, log) => new SdkStsGateway(endpoint, transport, log);

    /// <summary>Makes the IAM Identity Center client for the portal and OIDC endpoints; the official SDK's by default.</summary>
    public Func<Sso.SsoEndpoint, Sso.SsoEndpoint, StsTransport, IChainLog, Sso.ISsoService> Sso { get; init; } = static (portal, oidc, transport, log) => new Sso.SdkSsoService(portal, oidc, transport, log);

    /// <summary>What a <c>credential_process</c> must find in its environment: the recursion guard's variables.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> CredentialProcessVariables { get; init; } = [];

    /// <summary>The HTTP proxy STS calls go through (the executable passes the one the environment names); null for none.</summary>
    public System.Net.IWebProxy? Proxy { get; init; }
}
