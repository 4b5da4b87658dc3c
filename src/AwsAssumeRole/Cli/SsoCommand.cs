using System.CommandLine;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Cli;

/// <summary><c>aws-assume-role sso login</c>: the group (one verb for now).</summary>
internal static class SsoCommand
{
    public static Command Create(CommandLine cli, CliContext context)
    {
        var sso = new Command("sso", "IAM Identity Center (SSO): sign in and keep the token in the AWS CLI's token cache (~/.aws/sso/cache).");
        sso.Subcommands.Add(SsoLoginCommand.Create(cli, context));

        var unknown = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.ZeroOrMore, Hidden = true };
        sso.Arguments.Add(unknown);
        sso.SetAction(parsed => Unknown(parsed.GetValue(unknown) ?? []));
        return sso;
    }

    private static int Unknown(string[] words) => throw AssumeRoleException.BadInput(
        words is [var word, ..]
            ? $"unknown sso command '{RoleNames.Printable(word)}': choose 'sso login'"
            : "'sso' needs a command: 'sso login --profile NAME' or 'sso login --sso-session NAME'");
}
