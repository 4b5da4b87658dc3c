using System.CommandLine;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Exec;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Exec;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>aws-assume-role [OPTIONS] ROLE... -- COMMAND [ARG...]</c>: run the chain, then become COMMAND
/// with the credentials in its environment (see <see cref="CommandRunner"/>).
/// </summary>
internal static class ExecCommand
{
    public static async Task<int> RunAsync(CommandLine cli, CliContext context, ParseResult parsed, CancellationToken cancellationToken)
    {
        var command = context.Command!;
        if (command.Length == 0)
        {
            throw AssumeRoleException.BadInput("nothing after '--': name the command to run with the credentials (see aws-assume-role --help)");
        }

        if (parsed.GetValue(cli.Format) is not null)
        {
            throw AssumeRoleException.BadInput("--format does not apply with '-- COMMAND': the command gets the credentials in its environment");
        }

        // The command must be there before any network call: a typo costs nothing.
        CommandRunner.CheckFound(command[0], context.Environment.Get("PATH"));
        using var session = ChainInput.Open(cli, context, parsed, parsed.GetValue(cli.Roles) ?? []);
        PrintCommand.RequireHops(session.Plan.Hops.Count);
        var result = await session.GetCredentialsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

        var child = ChildEnvironment.Build(context.Environment.All(), new IssuedCredentials(result.Credentials, session.Endpoint.Region), result.FinalRole!);
        context.Log.Debug($"running {RoleNames.Printable(command[0])} as {result.FinalRole}");
        return await CommandRunner.RunAsync(command, child).ConfigureAwait(false);
    }
}
