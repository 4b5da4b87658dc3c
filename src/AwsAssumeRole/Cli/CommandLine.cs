using System.CommandLine;
using System.CommandLine.Help;
using AwsAssumeRole.Core.Output;

namespace AwsAssumeRole.Cli;

/// <summary>
/// The command-line grammar (System.CommandLine, no reflection). Everything after the first
/// <c>--</c> is split off before parsing: it belongs to the command to run.
/// </summary>
internal sealed partial class CommandLine
{
    public CommandLine()
    {
        Root = new RootCommand(
            "Chain AWS STS AssumeRole calls through any number of IAM roles and print the final temporary credentials.\n" +
            "ROLE is a role ARN (arn:aws:iam::123456789012:role/name) or a bare [path/]name in the account of the credentials current at that hop.\n" +
            "ROLE... -- COMMAND [ARG...] runs COMMAND (found on PATH, no shell) with the credentials in its environment instead of printing them, and exits with its exit code.");
        Root.Directives.Clear();

        Options =
        [
            Profile, Region, EndpointUrl, SessionName, Duration, ExternalId, .. SessionOptions, Format, Quiet, Debug,
        ];
        foreach (var option in Options)
        {
            option.Recursive = true;
            Root.Options.Add(option);
        }

        Root.Arguments.Add(Roles);
        WhoAmI.Arguments.Add(WhoAmIRoles);
        Root.Subcommands.Add(WhoAmI);
        AddCacheGrammar();

        // The real work runs outside the parser (App); these only mark the commands as runnable.
        Root.SetAction(_ => 0);
        WhoAmI.SetAction(_ => 0);
        VersionOption = Root.Options.OfType<VersionOption>().Single();
    }

    public VersionOption VersionOption { get; }

    /// <summary>True when the user asked for --help or --version: the parser prints those itself.</summary>
    public bool IsHelpOrVersion(ParseResult parsed) => parsed.Action is HelpAction || parsed.GetResult(VersionOption) is not null;

    public RootCommand Root { get; }

    public Command WhoAmI { get; } = new("whoami", "Print the identity at the end of the chain (the source identity when no ROLE is given), as 'aws sts get-caller-identity' does.");

    public Argument<string[]> Roles { get; } = new("ROLE") { Description = "The roles to assume, in order.", Arity = ArgumentArity.ZeroOrMore };

    public Argument<string[]> WhoAmIRoles { get; } = new("ROLE") { Description = "The roles to assume first, in order.", Arity = ArgumentArity.ZeroOrMore };

    public Option<string> Profile { get; } = new("--profile") { Description = "Start from this profile (default: keys in the environment, else the profile AWS_DEFAULT_PROFILE, AWS_PROFILE or default names); a profile with role_arn adds its roles as the first hops.", HelpName = "NAME" };

    public Option<string> Region { get; } = new("--region") { Description = "STS region, also printed as AWS_REGION/AWS_DEFAULT_REGION (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's; else the global endpoint).", HelpName = "REGION" };

    public Option<string> EndpointUrl { get; } = new("--endpoint-url") { Description = "STS endpoint URL (default: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's endpoint_url).", HelpName = "URL" };

    public Option<string> SessionName { get; } = new("--session-name") { Description = "Role session name on every hop (default: a profile's role_session_name on its hop, else the last part of the source identity's ARN).", HelpName = "NAME" };

    public Option<string> Duration { get; } = new("--duration") { Description = "Session length: 900-43200 seconds, or 45m, 1h, 12h (default: a profile's duration_seconds on its hop, else 1h; hops made with temporary credentials are capped at 1h).", HelpName = "DURATION" };

    public Option<string> ExternalId { get; } = new("--external-id") { Description = "External ID sent on every hop (a profile's external_id wins on its own hop).", HelpName = "ID" };

    public Option<string> Format { get; } = new("--format") { Description = $"Output format: {string.Join(", ", OutputFormats.Names)} (default env).", HelpName = "FORMAT" };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Do not print the 'INFO: Switched to role' lines, nor the hint shown when credentials go to a terminal." };

    public Option<bool> Debug { get; } = new("--debug") { Description = "Print what the tool does, and stack traces on errors (never secrets). Also AWS_ASSUME_ROLE_DEBUG=1." };

    private Option[] Options { get; }

    public ParseResult Parse(IReadOnlyList<string> arguments) =>
        Root.Parse(arguments, new ParserConfiguration { ResponseFileTokenReplacer = null, EnablePosixBundling = false });
}
