using System.CommandLine;
using System.CommandLine.Help;
using AwsAssumeRole.Core.Output;

namespace AwsAssumeRole.Cli;

/// <summary>
/// The command-line grammar (System.CommandLine, no reflection): the options every verb shares, the
/// ROLE argument, and one registration per verb. Each verb's handler lives in its own file
/// (<c>*Command.cs</c>) and builds its <see cref="Command"/>; adding a verb is one file and one line in
/// the constructor. Everything after the first <c>--</c> is split off before parsing: it belongs to
/// the command to run (<see cref="CliContext.Command"/>).
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<(Command Verb, Option Option), string> verbDescriptions = [];

    public CommandLine(CliContext context)
    {
        Root = new RootCommand(
            "Chain AWS STS AssumeRole calls through any number of IAM roles and print the final temporary credentials.\n" +
            "ROLE is a role ARN (arn:aws:iam::123456789012:role/name) or a bare [path/]name in the account of the credentials current at that hop.\n" +
            "ROLE... -- COMMAND [ARG...] runs COMMAND (found on PATH, no shell) with the credentials in its environment instead of printing them, and exits with its exit code.");
        Root.Directives.Clear();
        // --quiet and --debug mean the same to every verb; the chain's options only to the verbs that
        // run a chain (AddChainOptions), so the others refuse them and their help does not list them.
        foreach (var option in (Option[])[Quiet, Debug])
        {
            option.Recursive = true;
            Root.Options.Add(option);
        }

        AddChainOptions(Root);

        Root.Arguments.Add(Roles);
        Root.SetAction((parsed, cancellationToken) =>
            context.Command is null ? PrintCommand.RunAsync(this, context, parsed, cancellationToken) : ExecCommand.RunAsync(this, context, parsed, cancellationToken));

        // The verbs: one file each.
        Root.Subcommands.Add(WhoAmICommand.Create(this, context));
        Root.Subcommands.Add(ServeCommand.Create(this, context));
        Root.Subcommands.Add(ConsoleCommand.Create(this, context));
        Root.Subcommands.Add(SsoCommand.Create(this, context));
        Root.Subcommands.Add(CacheCommand.Create(context));
        Root.Subcommands.Add(HelpCommand.Create(this, context));
        Root.Subcommands.Add(HelpCommand.CreateVersion(this, context));
        Root.Subcommands.Add(CompletionCommand.Create(this, context)); // last: it gives the verbs above their completion candidates
    }

    public RootCommand Root { get; }

    /// <summary>
    /// Says in <paramref name="verb"/>'s help what a shared option means to that verb, where it means
    /// something else than to printing (serve's --min-remaining is when to renew, not which cache
    /// entry to use). The same option objects serve every verb: see <see cref="DescribeOptionsFor"/>.
    /// </summary>
    public void Describe(Command verb, Option option, string description)
    {
        ArgumentNullException.ThrowIfNull(verb);
        ArgumentNullException.ThrowIfNull(option);
        verbDescriptions[(verb, option)] = description;
    }

    /// <summary>
    /// Gives the shared options the descriptions <paramref name="verb"/>'s help shows (before the
    /// help of that verb is printed: the parser's help cannot ask per verb, and a run prints one help).
    /// </summary>
    public void DescribeOptionsFor(Command verb)
    {
        foreach (var ((owner, option), description) in verbDescriptions)
        {
            if (owner == verb)
            {
                option.Description = description;
            }
        }
    }

    /// <summary>The roles to assume, in order (the root command's).</summary>
    public Argument<string[]> Roles { get; } = RoleArgument("The roles to assume, in order.");

    public Option<string> Profile { get; } = new("--profile") { Description = "Start from this profile (default: keys in the environment, else the profile AWS_DEFAULT_PROFILE, AWS_PROFILE or default names); a profile with role_arn adds its roles as the first hops.", HelpName = "NAME" };

    public Option<string> Region { get; } = new("--region") { Description = "STS region, also printed as AWS_REGION/AWS_DEFAULT_REGION (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's; else the global endpoint).", HelpName = "REGION" };

    public Option<string> EndpointUrl { get; } = new("--endpoint-url") { Description = "STS endpoint URL (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's endpoint_url).", HelpName = "URL" };

    public Option<string> SessionName { get; } = new("--session-name") { Description = "Role session name on every hop (default: a profile's role_session_name on its hop, else the last part of the source identity's ARN).", HelpName = "NAME" };

    public Option<string> Duration { get; } = new("--duration") { Description = "Session length: 900-43200 seconds, or 45m, 1h, 12h (default: a profile's duration_seconds on its hop, else 1h; hops made with temporary credentials are capped at 1h).", HelpName = "DURATION" };

    public Option<string> ExternalId { get; } = new("--external-id") { Description = "External ID sent on every hop (a profile's external_id wins on its own hop).", HelpName = "ID" };

    public Option<string> MfaSerial { get; } = new("--mfa-serial") { Description = "MFA device (ARN) for the first hop that needs MFA (default: the profile's mfa_serial).", HelpName = "ARN" };

    public Option<string> MfaCode { get; } = new("--mfa-code") { Description = "The 6-digit MFA code, or - to read it from stdin (default: ask on the terminal, never on stdout).", HelpName = "CODE" };

    public Option<string> SourceIdentity { get; } = new("--source-identity") { Description = "SourceIdentity sent on every hop (2-64 characters).", HelpName = "ID" };

    public Option<string[]> Tag { get; } = new("--tag") { Description = "Session tag on the first hop; repeatable, at most 50.", HelpName = "KEY=VALUE" };

    public Option<string[]> TransitiveTag { get; } = new("--transitive-tag") { Description = "Make the --tag with this key transitive (kept on every later hop); repeatable.", HelpName = "KEY" };

    public Option<string> Policy { get; } = new("--policy") { Description = "Inline session policy on the last hop: JSON, or a file holding it (at most 2048 characters).", HelpName = "FILE_OR_JSON" };

    public Option<string[]> PolicyArn { get; } = new("--policy-arn") { Description = "Managed session policy on the last hop; repeatable, at most 10.", HelpName = "ARN" };

    public Option<string> Format { get; } = new("--format") { Description = $"Output format: {string.Join(", ", OutputFormats.Names)} (default env).", HelpName = "FORMAT" };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Do not print the 'INFO: Switched to role' lines, nor the hint shown when credentials go to a terminal." };

    public Option<bool> Debug { get; } = new("--debug") { Description = "Print what the tool does, and stack traces on errors (never secrets). Also AWS_ASSUME_ROLE_DEBUG=1." };

    public Option<bool> NoCache { get; } = new("--no-cache") { Description = "Neither read nor write the credentials cache." };

    public Option<bool> Refresh { get; } = new("--refresh") { Description = "Ignore cached credentials, assume every role again, and cache the new ones." };

    public Option<string> MinRemaining { get; } = new("--min-remaining") { Description = "Use cached credentials only while more than this is left before they expire: seconds or 10m, 1h (default 15m).", HelpName = "DURATION" };

    /// <summary>True when the command line asks for --help or --version, which print whatever else it says.</summary>
    public bool AsksForHelpOrVersion(ParseResult parsed) =>
        parsed.Action is HelpAction || parsed.GetResult(Root.Options.OfType<VersionOption>().Single()) is not null;

    public Option<string> Timeout { get; } = new("--timeout") { Description = "The most time the run may spend waiting for STS, all calls and retries together: seconds or 30s, 2m (default: AWS_ASSUME_ROLE_TIMEOUT, else 15s).", HelpName = "DURATION" };

    public Option<bool> AllowHttp { get; } = new("--allow-http") { Description = "Allow a plain http:// STS endpoint on another machine (credentials then travel unencrypted); loopback needs no option." };

    public ParseResult Parse(IReadOnlyList<string> arguments) =>
        Root.Parse(arguments, new ParserConfiguration { ResponseFileTokenReplacer = null, EnablePosixBundling = false });

    /// <summary>The options of a chain (where it starts, what each call sends, the cache, the network, the output).</summary>
    public IReadOnlyList<Option> ChainOptions =>
        [Profile, Region, EndpointUrl, SessionName, Duration, ExternalId, MfaSerial, MfaCode, SourceIdentity, Tag, TransitiveTag, Policy, PolicyArn, Format, NoCache, Refresh, MinRemaining, Timeout, AllowHttp];

    /// <summary>
    /// Gives <paramref name="command"/>, a verb that runs a chain, the chain's options (the same option
    /// objects everywhere) but those in <paramref name="except"/>, which the verb then refuses in one
    /// line and its help does not list.
    /// </summary>
    public void AddChainOptions(Command command, params Option[] except)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in ChainOptions.Except(except))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>A ROLE... argument: the root command has one, and so has every verb that runs a chain.</summary>
    public static Argument<string[]> RoleArgument(string description)
    {
        // HelpName: without it the help would list the completion candidates (cached roles) as the name.
        var roles = new Argument<string[]>("ROLE") { Description = description, Arity = ArgumentArity.ZeroOrMore, HelpName = "ROLE" };
        roles.Validators.Add(RoleArgumentIsNotAnOption);
        return roles;
    }

    // The parser hands every token it does not know to ROLE; one that looks like an option is a
    // mistyped or unknown option, not a role (no role name starts with '-').
    private static void RoleArgumentIsNotAnOption(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.FirstOrDefault(t => t.Value.StartsWith('-')) is { } token)
        {
            result.AddError($"unknown option '{Core.Roles.RoleNames.Printable(token.Value)}'");
        }
    }
}
