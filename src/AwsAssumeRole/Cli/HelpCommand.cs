using System.CommandLine;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>aws-assume-role help</c> and <c>aws-assume-role version</c>: the same as <c>--help</c> and
/// <c>--version</c>. Verbs, so that a user who types them is not taken to mean a role of that name
/// (such a role is given by its ARN).
/// </summary>
internal static class HelpCommand
{
    public static Command Create(CommandLine cli) => Alias(cli, "help", "Print this help (the same as --help).", "--help");

    public static Command CreateVersion(CommandLine cli) => Alias(cli, "version", "Print the version (the same as --version).", "--version");

    private static Command Alias(CommandLine cli, string name, string description, string option)
    {
        var command = new Command(name, description);
        command.SetAction(parsed => cli.Parse([option]).Invoke(parsed.InvocationConfiguration));
        return command;
    }
}
