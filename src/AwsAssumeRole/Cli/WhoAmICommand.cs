using System.CommandLine;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Streams;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>aws-assume-role whoami [OPTIONS] [ROLE...]</c>: the identity at the end of the chain (the source
/// identity without a ROLE), printed as <c>aws sts get-caller-identity</c> prints it.
/// </summary>
internal static class WhoAmICommand
{
    public static Command Create(CommandLine cli, CliContext context)
    {
        var whoami = new Command("whoami", "Print the identity at the end of the chain (the source identity when no ROLE is given), as 'aws sts get-caller-identity' does.");
        var roles = CommandLine.RoleArgument("The roles to assume first, in order.");
        whoami.Arguments.Add(roles);
        cli.AddChainOptions(whoami);
        cli.Describe(whoami, cli.Format, "Output format: json only, the GetCallerIdentity document (the default).");
        whoami.SetAction((parsed, cancellationToken) => RunAsync(cli, context, parsed, roles, cancellationToken));
        return whoami;
    }

    private static async Task<int> RunAsync(CommandLine cli, CliContext context, ParseResult parsed, Argument<string[]> roles, CancellationToken cancellationToken)
    {
        if (parsed.GetValue(cli.Roles) is [var first, ..])
        {
            throw AssumeRoleException.BadInput($"'whoami' comes first: aws-assume-role whoami {RoleNames.Printable(first)} ... (a role named whoami is given by its ARN)");
        }

        if (context.Command is not null)
        {
            throw AssumeRoleException.BadInput("whoami does not run a command: leave out 'whoami' to run one after '--'");
        }

        if (parsed.GetValue(cli.Format) is { } format && format != "json")
        {
            throw AssumeRoleException.BadInput($"whoami prints the GetCallerIdentity JSON document: --format {RoleNames.Printable(format)} does not apply (leave --format out, or give --format json)");
        }

        StandardStreams.RequireOutput("the identity");
        using var session = ChainInput.Open(cli, context, parsed, parsed.GetValue(roles) ?? []);
        var result = await session.GetCredentialsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var identity = await session.WhoAmIAsync(result, cancellationToken).ConfigureAwait(false);
        await context.WriteStdoutAsync(CallerIdentityFormatter.Format(identity), cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
