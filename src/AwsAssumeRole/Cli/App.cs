using System.CommandLine;
using System.Text;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Exec;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sources;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Exec;

namespace AwsAssumeRole.Cli;

/// <summary>
/// The executable's whole job: parse, validate everything before the first network call, wire
/// the Core objects by hand, run, print, and map failures to exit codes. stdout is written once,
/// at the end, and only on success. With <c>-- COMMAND</c> nothing is printed: the tool becomes the command.
/// </summary>
internal static class App
{
    public static async Task<int> RunAsync(string[] args, IProcessEnvironment environment, Stream stdout, TextWriter stderr, bool stdoutIsTerminal, CancellationToken cancellationToken)
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
            var guard = EnterRecursionGuard(cli, parsed, ours, environment, log);
            var (output, exitCode) = await RunChainAsync(cli, parsed, separator < 0 ? null : command, environment, guard, log, cancellationToken).ConfigureAwait(false);
            if (output is null)
            {
                return exitCode;
            }

            if (stdoutIsTerminal && parsed.GetValue(cli.Format) is null && parsed.CommandResult.Command != cli.WhoAmI && !parsed.GetValue(cli.Quiet))
            {
                log.Hint("to use these in your shell, run a command with them (aws-assume-role ROLE... -- COMMAND) or eval \"$(aws-assume-role --format export ROLE...)\"");
            }

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

    /// <summary>Runs the chain; returns what to print, or (with a command) no text and the command's exit code.</summary>
    private static async Task<(string? Output, int ExitCode)> RunChainAsync(CommandLine cli, ParseResult parsed, string[]? command, IProcessEnvironment environment, RecursionGuard guard, StderrLog log, CancellationToken cancellationToken)
    {
        if (cli.IsCacheCommand(parsed))
        {
            return (CacheCommand.Run(cli, parsed, command, environment, log), ExitCodes.Success);
        }

        var whoami = parsed.CommandResult.Command == cli.WhoAmI;
        var roles = Roles(cli, parsed);
        if (command is not null)
        {
            CheckCommand(cli, parsed, command, environment);
        }

        if (roles.FirstOrDefault(r => r.StartsWith('-')) is { } unknown)
        {
            throw AssumeRoleException.BadInput($"unknown option '{RoleNames.Printable(unknown)}' (see aws-assume-role --help)");
        }

        // Everything the user typed, and every profile it names, is checked here, before any
        // credentials are looked up.
        var references = roles.Select(RoleReference.Parse).ToList();
        var options = cli.ReadSessionOptions(parsed, ReadOptions(cli, parsed), ReadStdinLine, File.ReadAllText, out var mfaCode);
        var cacheSettings = CacheWiring.Settings(cli, parsed);
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

        var endpoint = StsEndpoint.Resolve(regionOption, endpointOption, environment, profiles.Region, profiles.EndpointUrl, profiles.StsRegionalEndpoints, profiles.Profile is { } profile ? profile.Describe : null);
        var source = new SourceCredentialProvider(environment, endpoint, guard.Variables).Resolve(profiles);
        log.AddSecret(source.Credentials.SecretAccessKey);
        log.AddSecret(source.Credentials.SessionToken);
        log.Debug($"source credentials from {source.Description}, key {source.Credentials.MaskedAccessKeyId}");

        log.Debug($"STS endpoint {endpoint.Describe()}, signing region {endpoint.SigningRegion}");
        var cache = CacheWiring.Open(cacheSettings, plan, source, endpoint, environment, log);
        var runner = new ChainRunner(new SecretTrackingGateway(new SdkStsGateway(endpoint, log), log), log, new MfaCodeSource(mfaCode, new TtyTerminal()), cache);
        var result = await runner.RunAsync(source.Credentials, plan, cancellationToken).ConfigureAwait(false);

        if (whoami)
        {
            var context = result.FinalRole is null ? "GetCallerIdentity with the source credentials" : $"GetCallerIdentity as {result.FinalRole}";
            var identity = await runner.WhoAmIAsync(result.Credentials, context, cancellationToken).ConfigureAwait(false);
            return (CallerIdentityFormatter.Format(identity), ExitCodes.Success);
        }

        var issued = new IssuedCredentials(result.Credentials, endpoint.Region);
        if (command is not null)
        {
            var child = ChildEnvironment.Build(environment.All(), issued, result.FinalRole!);
            log.Debug($"running {RoleNames.Printable(command[0])} as {result.FinalRole}");
            return (null, await CommandRunner.RunAsync(command, child).ConfigureAwait(false));
        }

        return (OutputFormats.For(format).Format(issued), ExitCodes.Success);
    }

    private static string[] Roles(CommandLine cli, ParseResult parsed) =>
        (parsed.CommandResult.Command == cli.WhoAmI ? parsed.GetValue(cli.WhoAmIRoles) : parsed.GetValue(cli.Roles)) ?? [];

    /// <summary>
    /// Fails at once when this run is a credential_process loop; otherwise returns what a
    /// credential_process started while resolving the source must be given, so that it can tell.
    /// </summary>
    private static RecursionGuard EnterRecursionGuard(CommandLine cli, ParseResult parsed, string[] ours, IProcessEnvironment environment, StderrLog log)
    {
        var guard = RecursionGuard.Enter(environment, ours, parsed.GetValue(cli.Profile), Roles(cli, parsed));
        log.Debug($"credential_process nesting: this is run {guard.Depth} of at most {RecursionGuard.MaxDepth - 1}");
        return guard;
    }

    /// <summary><c>ROLE... -- COMMAND</c>: the command must be there before any network call.</summary>
    private static void CheckCommand(CommandLine cli, ParseResult parsed, string[] command, IEnvironment environment)
    {
        if (command.Length == 0)
        {
            throw AssumeRoleException.BadInput("nothing after '--': name the command to run with the credentials (see aws-assume-role --help)");
        }

        if (parsed.CommandResult.Command == cli.WhoAmI)
        {
            throw AssumeRoleException.BadInput("whoami does not run a command: leave out 'whoami' to run one after '--'");
        }

        if (parsed.GetValue(cli.Format) is not null)
        {
            throw AssumeRoleException.BadInput("--format does not apply with '-- COMMAND': the command gets the credentials in its environment");
        }

        CommandRunner.CheckFound(command[0], environment.Get("PATH"));
    }

    // Not Console.In: touching it sets up terminal input, which writes escape sequences to a terminal.
    private static string? ReadStdinLine()
    {
        using var stdin = Console.OpenStandardInput();
        return TtyTerminal.ReadLine(stdin);
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
