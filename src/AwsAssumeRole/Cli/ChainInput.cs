using System.CommandLine;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sources;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Streams;

namespace AwsAssumeRole.Cli;

/// <summary>
/// The part every chain verb (print, exec, whoami) shares: the command line read once into a
/// validated <see cref="ChainRequest"/>, the <c>credential_process</c> recursion guard, and the
/// <see cref="ChainSession"/> opened on them. Everything here happens before any network call.
/// </summary>
internal static class ChainInput
{
    /// <summary>Reads the request, enters the recursion guard and opens the session.</summary>
    /// <param name="cli">The grammar.</param>
    /// <param name="context">The streams, environment and log.</param>
    /// <param name="parsed">The parse result.</param>
    /// <param name="roles">The ROLE values of the verb.</param>
    /// <param name="verb">What differs for a long-lived verb (serve); null for a one-shot run.</param>
    public static ChainSession Open(CommandLine cli, CliContext context, ParseResult parsed, string[] roles, LongLived? verb = null)
    {
        var guard = EnterRecursionGuard(cli, context, parsed, roles);
        var request = Read(cli, parsed, roles, ReadStdinLine, SessionPolicies.ReadPolicyFile);
        var services = new ChainServices(context.Environment, verb?.Log ?? context.Log, verb?.Terminal ?? new TtyTerminal(), TimeProvider.System)
        {
            Proxy = NetworkWiring.Proxy(context.Environment, context.Log),
            CredentialProcessVariables = guard.Variables,
        };
        return ChainSession.Open(request, context.Sts is { } sts ? services with { Sts = sts } : services);
    }

    /// <summary>The command line as a validated request; every bad value is a bad-input error.</summary>
    public static ChainRequest Read(CommandLine cli, ParseResult parsed, IReadOnlyList<string> roles, Func<string?> readStdinLine, Func<string, string> readFile)
    {
        var references = roles.Select(RoleReference.Parse).ToList();
        var region = parsed.GetValue(cli.Region);
        var noCache = parsed.GetValue(cli.NoCache);
        var refresh = parsed.GetValue(cli.Refresh);
        if (noCache && refresh)
        {
            throw AssumeRoleException.BadInput("--no-cache and --refresh contradict each other: --refresh writes new credentials to the cache, --no-cache never touches it");
        }

        var minRemaining = parsed.GetValue(cli.MinRemaining) is { } margin ? CacheFreshness.ParseMinRemaining(margin) : CacheFreshness.DefaultMinRemaining;
        var mfaCode = parsed.GetValue(cli.MfaCode) switch
        {
            null => null,
            "-" => MfaCodes.ValidateCode(
                readStdinLine()?.Trim() ?? throw AssumeRoleException.BadInput("--mfa-code -: stdin is empty; pipe the 6-digit code in"),
                "MFA code read from stdin"),
            { } code => MfaCodes.ValidateCode(code),
        };
        return new ChainRequest
        {
            Roles = references,
            Profile = parsed.GetValue(cli.Profile),
            Region = region is null ? null : StsEndpoint.ValidateRegion(region, "--region"),
            EndpointUrl = parsed.GetValue(cli.EndpointUrl) is { } endpoint ? StsEndpoint.ValidateEndpoint(endpoint, "--endpoint-url").OriginalString : null,
            Timeout = parsed.GetValue(cli.Timeout) is { } timeout ? CheckTimeout(timeout) : null,
            AllowHttp = parsed.GetValue(cli.AllowHttp),
            MfaCode = mfaCode,
            MinRemaining = minRemaining,
            Cache = noCache ? null : CacheSettings.Default with { Refresh = refresh, MinRemaining = minRemaining },
            Options = new HopParameters
            {
                DurationSeconds = parsed.GetValue(cli.Duration) is { } duration ? Durations.Parse(duration) : null,
                ExternalId = parsed.GetValue(cli.ExternalId) is { } externalId ? ExternalIds.Validate(externalId) : null,
                SessionName = parsed.GetValue(cli.SessionName) is { } name ? SessionNames.Validate(name) : null,
                MfaSerial = parsed.GetValue(cli.MfaSerial) is { } serial ? MfaCodes.ValidateSerial(serial) : null,
                SourceIdentity = parsed.GetValue(cli.SourceIdentity) is { } identity ? SourceIdentities.Validate(identity) : null,
                Tags = SessionTags.Parse(parsed.GetValue(cli.Tag) ?? [], parsed.GetValue(cli.TransitiveTag) ?? []),
                Policy = parsed.GetValue(cli.Policy) is { } policy ? SessionPolicies.LoadPolicy(policy, readFile) : null,
                PolicyArns = SessionPolicies.ValidatePolicyArns(parsed.GetValue(cli.PolicyArn) ?? []),
            },
        };
    }

    private static string CheckTimeout(string timeout)
    {
        _ = StsTransportOptions.ParseTimeout(timeout, "--timeout");
        return timeout;
    }

    /// <summary>
    /// Fails at once when this run is a credential_process loop; otherwise returns what a
    /// credential_process started while resolving the source must be given, so that it can tell.
    /// </summary>
    private static RecursionGuard EnterRecursionGuard(CommandLine cli, CliContext context, ParseResult parsed, string[] roles)
    {
        var guard = RecursionGuard.Enter(context.Environment, context.Arguments, parsed.GetValue(cli.Profile), roles);
        if (context.DebugEnabled)
        {
            context.Log.Debug($"credential_process nesting: this is run {guard.Depth} of at most {RecursionGuard.MaxDepth - 1}");
        }

        return guard;
    }

    private static string? ReadStdinLine() => StandardStreams.ReadMfaCodeLine();

    /// <summary>What a long-lived verb changes: its log and its terminal.</summary>
    /// <param name="Log">The log the session writes to.</param>
    /// <param name="Terminal">Where MFA codes are asked for.</param>
    public sealed record LongLived(IChainLog Log, ITerminal Terminal);
}
