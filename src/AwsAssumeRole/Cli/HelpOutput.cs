using System.CommandLine;
using System.CommandLine.Help;
using System.Text;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Streams;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>--help</c> and <c>--version</c>, printed by the parser on stdout, and nothing else: the help's
/// width is asked of the terminal here, since the parser's own default (<see cref="Console.WindowWidth"/>)
/// initialises the terminal and leaves ESC [?1h ESC = on it. A reader that has had enough
/// (<c>--help | head -1</c>) is not an error: exit 0, as the AWS CLI does.
/// </summary>
internal static class HelpOutput
{
    /// <summary>The width help is wrapped at on a terminal whose width is unknown.</summary>
    private const int DefaultColumns = 80;

    /// <summary>The verbs that take a command after <c>--</c>, and how their usage line says so.</summary>
    private static readonly Dictionary<string, string> TrailingUsage = new(StringComparer.Ordinal) { ["serve"] = "[-- COMMAND [ARG...]]" };

    public static int Print(ParseResult parsed, Stream stdout, TextWriter stderr, bool stdoutIsTerminal)
    {
        if (StandardStreams.StdoutClosed)
        {
            stderr.Write($"aws-assume-role: error: {StandardStreams.ClosedStdoutMessage(parsed.Action is HelpAction ? "the help" : "the version")}\n");
            return ExitCodes.BadInput;
        }

        if (parsed.Action is HelpAction help)
        {
            help.MaxWidth = !stdoutIsTerminal ? int.MaxValue
                : OperatingSystem.IsWindows() ? Console.WindowWidth
                : Libc.TerminalColumns(1) ?? DefaultColumns;
        }

        // Made whole first, then written in one write.
        var text = new StringWriter();
        var exitCode = parsed.Invoke(new InvocationConfiguration
        {
            Output = text,
            Error = stderr,
            EnableDefaultExceptionHandler = false,
        });
        var page = parsed.CommandResult.Command is RootCommand ? text.ToString() : VerbHelp(text.ToString(), parsed.RootCommandResult.Command, parsed.CommandResult.Command);
        try
        {
            var output = new StreamWriter(stdout, new UTF8Encoding(false), 64 * 1024);
            output.Write(page);
            output.Flush();
            return exitCode;
        }
        catch (StandardStreamException e) when (e.IsBrokenPipe)
        {
            return ExitCodes.Success;
        }
        catch (StandardStreamException e)
        {
            stderr.Write($"aws-assume-role: error: {e.Message}\n");
            return ExitCodes.AwsFailure;
        }
    }

    /// <summary>
    /// A verb's help without the root command's ROLE in front of it: the parser lists the arguments
    /// of every command on the way (<c>aws-assume-role [&lt;ROLE&gt;...] cache</c>, and the root's ROLE
    /// under Arguments), though the tool takes a verb's words only after the verb ('whoami' comes first).
    /// </summary>
    private static string VerbHelp(string help, Command root, Command verb)
    {
        var rootArguments = root.Arguments.Select(a => $"<{a.HelpName ?? a.Name}>...").ToList();
        var lines = help.Split('\n').ToList();
        for (var i = 0; i < lines.Count; i++)
        {
            foreach (var argument in rootArguments)
            {
                lines[i] = lines[i].Replace($"{root.Name} [{argument}] ", $"{root.Name} ", StringComparison.Ordinal);
            }
        }

        // What comes after '--' is split off before parsing, so the parser does not know it.
        var usage = lines.IndexOf("Usage:") + 1;
        if (usage > 0 && usage < lines.Count && TrailingUsage.GetValueOrDefault(verb.Name) is { } trailing)
        {
            lines[usage] += " " + trailing;
        }

        // The root's own argument rows under "Arguments:": listed first, so the first row with the
        // root's description (a verb's own ROLE may say the same).
        foreach (var description in root.Arguments.Where(a => a.Description is not null).Select(a => a.Description!))
        {
            var row = lines.FindIndex(line => line.StartsWith("  <", StringComparison.Ordinal) && line.TrimEnd().EndsWith("  " + description, StringComparison.Ordinal));
            if (row >= 0)
            {
                lines.RemoveAt(row);
            }
        }

        // An "Arguments:" heading left with no row goes too.
        for (var i = lines.Count - 2; i >= 0; i--)
        {
            if (lines[i] == "Arguments:" && lines[i + 1].Length == 0)
            {
                lines.RemoveRange(i, 2);
            }
        }

        return string.Join('\n', lines);
    }
}
