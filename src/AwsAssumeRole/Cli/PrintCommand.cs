using System.CommandLine;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Streams;

namespace AwsAssumeRole.Cli;

/// <summary><c>aws-assume-role [OPTIONS] ROLE...</c>: run the chain and print the credentials in the chosen format.</summary>
internal static class PrintCommand
{
    public static async Task<int> RunAsync(CommandLine cli, CliContext context, ParseResult parsed, CancellationToken cancellationToken)
    {
        var format = parsed.GetValue(cli.Format) is { } formatText ? OutputFormats.Parse(formatText) : OutputFormat.Env;
        StandardStreams.RequireOutput("the credentials (to give them to a command, put it after '--')");
        using var session = ChainInput.Open(cli, context, parsed, parsed.GetValue(cli.Roles) ?? []);
        RequireHops(session.Plan.Hops.Count);
        var result = await session.GetCredentialsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var output = OutputFormats.For(format).Format(new IssuedCredentials(result.Credentials, session.Endpoint.Region));

        if (context.StdoutIsTerminal && parsed.GetValue(cli.Format) is null && !parsed.GetValue(cli.Quiet))
        {
            context.Log.Hint("to use these in your shell, run a command with them (aws-assume-role ROLE... -- COMMAND) or eval \"$(aws-assume-role --format export ROLE...)\"");
        }

        await context.WriteStdoutAsync(output, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>Printing or running a command needs at least one hop: the source's own keys are never handed out.</summary>
    public static void RequireHops(int hops)
    {
        if (hops == 0)
        {
            throw AssumeRoleException.BadInput("no ROLE given: name at least one role to assume, or a --profile with role_arn (see aws-assume-role --help)");
        }
    }
}
