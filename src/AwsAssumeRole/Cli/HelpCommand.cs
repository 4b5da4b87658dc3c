using System.CommandLine;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>aws-assume-role help</c> and <c>aws-assume-role version</c>: the same as <c>--help</c> and
/// <c>--version</c>. Verbs, so that a user who types them is not taken to mean a role of that name
/// (such a role is given by its ARN).
/// </summary>
internal static class HelpCommand
{
    public static Command Create(CommandLine cli, CliContext context) => Alias(cli, context, "help", "Print this help (the same as --help).", "--help");

    public static Command CreateVersion(CommandLine cli, CliContext context) => Alias(cli, context, "version", "Print the version (the same as --version).", "--version");

    private static Command Alias(CommandLine cli, CliContext context, string name, string description, string option)
    {
        var command = new Command(name, description);
        command.SetAction(_ => HelpOutput.Print(cli.Parse([option]), context.Stdout, context.Stderr, context.StdoutIsTerminal));
        return command;
    }
}
