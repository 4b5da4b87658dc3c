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

        // Buffered whole, so the text goes out in one write.
        var output = new StreamWriter(stdout, new UTF8Encoding(false), 64 * 1024);
        try
        {
            var exitCode = parsed.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = stderr,
                // Our own handling below, instead of the parser's stack trace on stderr and exit 1.
                EnableDefaultExceptionHandler = false,
            });
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
}
