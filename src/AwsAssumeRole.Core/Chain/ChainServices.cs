using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Chain;

/// <summary>
/// The seams through which a <see cref="ChainSession"/> reaches the world: the environment (and,
/// through it, the profile files and the cache folder), the log, the terminal for MFA prompts,
/// the clock and STS. The executable passes the real ones; tests pass fakes.
/// </summary>
/// <param name="Environment">Environment variables.</param>
/// <param name="Log">Where people are told what happens (stderr).</param>
/// <param name="Terminal">Where MFA codes are asked for.</param>
/// <param name="Time">The clock: cache freshness, lock waits.</param>
public sealed record ChainServices(IEnvironment Environment, IChainLog Log, ITerminal Terminal, TimeProvider Time)
{
    /// <summary>Makes the STS client for an endpoint; the official SDK's by default.</summary>
    public Func<StsEndpoint, IChainLog, IStsGateway> Sts { get; init; } = static (endpoint, log) => new SdkStsGateway(endpoint, log);
}
