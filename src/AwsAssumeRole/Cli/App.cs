using System.CommandLine;
using System.Text;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sources;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Cli;

/// <summary>
/// The executable's whole job: parse, validate everything before the first network call, wire
/// the Core objects by hand, run, print, and map failures to exit codes. stdout is written once,
/// at the end, and only on success.
/// </summary>
internal static class App
{
    public static async Task<int> RunAsync(string[] args, IEnvironment environment, Stream stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var separator = Array.IndexOf(args, "--");
        var ours = separator < 0 ? args : args[..separator];
        var command = separator < 0 ? [] : args[(separator + 1)..];

        var cli = new CommandLine();
        var parsed = cli.Parse(ours);
        var debug = parsed.GetValue(cli.Debug) || environment.Get("AWS_ASSUME_ROLE_DEBUG") is "1" or "true";
        var log = new StderrLog(stderr, parsed.GetValue(cli.Quiet), debug);

        if (cli.IsHelpOrVersion(parsed))
        {
            return parsed.Invoke(new InvocationConfiguration { Output = new StreamWriter(stdout, new UTF8Encoding(false)) { AutoFlush = true }, Error = stderr });
        }

        if (parsed.Errors.Count > 0)
        {
            log.Error($"{parsed.Errors[0].Message.TrimEnd('.')} (see aws-assume-role --help)");
            return ExitCodes.BadInput;
        }

        try
        {
            var output = await RunChainAsync(cli, parsed, command, environment, log, cancellationToken).ConfigureAwait(false);
            var bytes = new UTF8Encoding(false).GetBytes(output);
            await stdout.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (AssumeRoleException e)
        {
            log.Error(e.Message);
            if (e.Hint is not null)
            {
                log.Hint(e.Hint);
            }

            if (debug)
            {
                log.Write(e.ToString());
            }

            return e.ExitCode;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug or an SDK surprise: still one line, still no stdout, a trace only on request.
            log.Error($"unexpected {e.GetType().Name}: {Messages.OneLine(e.Message)}");
            if (debug)
            {
                log.Write(e.ToString());
            }
            else
            {
                log.Hint("run again with --debug for details");
            }

            return ExitCodes.AwsFailure;
        }
    }

    private static async Task<string> RunChainAsync(CommandLine cli, ParseResult parsed, string[] command, IEnvironment environment, StderrLog log, CancellationToken cancellationToken)
    {
        var whoami = parsed.CommandResult.Command == cli.WhoAmI;
        var roles = (whoami ? parsed.GetValue(cli.WhoAmIRoles) : parsed.GetValue(cli.Roles)) ?? [];
        if (command.Length > 0)
        {
            throw AssumeRoleException.BadInput("running a command after '--' is not supported yet");
        }

        if (roles.FirstOrDefault(r => r.StartsWith('-')) is { } unknown)
        {
            throw AssumeRoleException.BadInput($"unknown option '{RoleNames.Printable(unknown)}' (see aws-assume-role --help)");
        }

        // Everything the user typed, and every profile it names, is checked here, before any
        // credentials are looked up.
        var references = roles.Select(RoleReference.Parse).ToList();
        var options = cli.ReadSessionOptions(parsed, ReadOptions(cli, parsed), Console.In.ReadLine, File.ReadAllText, out var mfaCode);
        var format = parsed.GetValue(cli.Format) is { } formatText ? OutputFormats.Parse(formatText) : OutputFormat.Env;
        var regionOption = parsed.GetValue(cli.Region);
        var endpointOption = parsed.GetValue(cli.EndpointUrl);
        _ = StsEndpoint.Resolve(regionOption, endpointOption, environment);
        var profiles = new ProfileChainResolver(environment, new ProfileStore(ProfileFiles.FromEnvironment(environment))).Resolve(parsed.GetValue(cli.Profile));
        var plan = ChainPlanBuilder.Build(profiles.Hops, references, options);
        if (!whoami && plan.Hops.Count == 0)
        {
            throw AssumeRoleException.BadInput("no ROLE given: name at least one role to assume, or a --profile with role_arn (see aws-assume-role --help)");
        }

        var endpoint = StsEndpoint.Resolve(regionOption, endpointOption, environment, profiles.Region, profiles.EndpointUrl, profiles.StsRegionalEndpoints);
        var source = new SdkSourceCredentialProvider(environment, endpoint).Resolve(profiles);
        log.AddSecret(source.Credentials.SecretAccessKey);
        log.AddSecret(source.Credentials.SessionToken);
        log.Debug($"source credentials from {source.Description}, key {source.Credentials.MaskedAccessKeyId}");

        log.Debug($"STS endpoint {endpoint.Describe()}, signing region {endpoint.SigningRegion}");
        var runner = new ChainRunner(new SecretTrackingGateway(new SdkStsGateway(endpoint, log), log), log, new MfaCodeSource(mfaCode, new TtyTerminal()));
        var result = await runner.RunAsync(source.Credentials, plan, cancellationToken).ConfigureAwait(false);

        if (whoami)
        {
            var context = result.FinalRole is null ? "GetCallerIdentity with the source credentials" : $"GetCallerIdentity as {result.FinalRole}";
            var identity = await runner.WhoAmIAsync(result.Credentials, context, cancellationToken).ConfigureAwait(false);
            return CallerIdentityFormatter.Format(identity);
        }

        return OutputFormats.For(format).Format(new IssuedCredentials(result.Credentials, endpoint.Region));
    }

    private static ChainOptions ReadOptions(CommandLine cli, ParseResult parsed) => new()
    {
        DurationSeconds = parsed.GetValue(cli.Duration) is { } duration ? Durations.Parse(duration) : null,
        ExternalId = parsed.GetValue(cli.ExternalId) is { } externalId ? ExternalIds.Validate(externalId) : null,
        SessionName = parsed.GetValue(cli.SessionName) is { } name ? SessionNames.Validate(name) : null,
    };

    /// <summary>Tells the log every secret STS hands out, so no stderr line can ever show one.</summary>
    private sealed class SecretTrackingGateway(IStsGateway inner, StderrLog log) : IStsGateway
    {
        public Task<CallerIdentity> GetCallerIdentityAsync(AwsCredentials credentials, CancellationToken cancellationToken) =>
            inner.GetCallerIdentityAsync(credentials, cancellationToken);

        public async Task<AssumedRole> AssumeRoleAsync(AwsCredentials credentials, AssumeRoleCall call, CancellationToken cancellationToken)
        {
            var assumed = await inner.AssumeRoleAsync(credentials, call, cancellationToken).ConfigureAwait(false);
            log.AddSecret(assumed.Credentials.SecretAccessKey);
            log.AddSecret(assumed.Credentials.SessionToken);
            return assumed;
        }
    }
}
