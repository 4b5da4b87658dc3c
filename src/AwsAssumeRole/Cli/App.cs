using System.CommandLine;
using System.Text;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Streams;

namespace AwsAssumeRole.Cli;

/// <summary>
/// The executable's entry: splits off the command after <c>--</c>, parses, reports a bad command line
/// in one line, lets System.CommandLine run the verb's handler, and maps every failure to its exit
/// code — the one place that does. stdout is written once, at the end, and only on success.
/// </summary>
internal static class App
{
    /// <summary>Runs the tool; returns its exit code.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">The process environment.</param>
    /// <param name="stdout">Where credentials go.</param>
    /// <param name="stderr">Where everything for people goes.</param>
    /// <param name="stdoutIsTerminal">True when stdout is a terminal (a hint is shown then).</param>
    /// <param name="cancellationToken">Ctrl-C.</param>
    /// <param name="sts">Makes the STS client; null for the official SDK's. In-process tests pass a scripted one.</param>
    public static async Task<int> RunAsync(string[] args, IProcessEnvironment environment, Stream stdout, TextWriter stderr, bool stdoutIsTerminal, CancellationToken cancellationToken, Func<StsEndpoint, StsTransport, IChainLog, IStsGateway>? sts = null)
    {
        var separator = Array.IndexOf(args, "--");
        var ours = separator < 0 ? args : args[..separator];
        var context = new CliContext(environment, stdout, stderr, stdoutIsTerminal, ours, separator < 0 ? null : args[(separator + 1)..]) { Sts = sts };
        var cli = new CommandLine(context);
        var parsed = cli.Parse(ours);
        context.ConfigureLog(parsed.GetValue(cli.Quiet), parsed.GetValue(cli.Debug) || environment.Get(EnvironmentVariables.Debug) is "1" or "true");
        var log = context.Log;

        if (EmptyOptionValue(ours) is { } empty)
        {
            log.Error($"{RoleNames.Printable(empty)} has no value: write {RoleNames.Printable(empty.TrimEnd('='))} VALUE (see aws-assume-role --help)");
            return ExitCodes.BadInput;
        }

        // --help and --version print even next to other errors, as the parser itself would.
        if (cli.AsksForHelpOrVersion(parsed))
        {
            cli.DescribeOptionsFor(parsed.CommandResult.Command);
            return HelpOutput.Print(parsed, stdout, stderr, stdoutIsTerminal);
        }

        if (parsed.Errors.Count > 0)
        {
            log.Error(ParseError(cli, parsed));
            return ExitCodes.BadInput;
        }

        var configuration = new InvocationConfiguration
        {
            Output = new StreamWriter(stdout, new UTF8Encoding(false)) { AutoFlush = true },
            Error = stderr,
            EnableDefaultExceptionHandler = false,

            // The tool handles Ctrl-C itself (Program.cs); the parser's handler would touch the console.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (AssumeRoleException e)
        {
            log.Error(e.Message);
            if (e.Hint is not null)
            {
                log.Hint(e.Hint);
            }

            if (context.DebugEnabled)
            {
                log.Write(e.ToString());
            }

            return e.ExitCode;
        }
        catch (StandardStreamException e)
        {
            // A reader that went away ('| head -1', '| true') is not a failure to report: end quietly.
            if (!e.IsBrokenPipe)
            {
                log.Error(e.Message);
            }

            return e.IsBrokenPipe ? ExitCodes.BrokenPipe : ExitCodes.AwsFailure;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug or an SDK surprise: still one line, still no stdout, a trace only on request.
            // Its message is the runtime's (a resource key in the native binary): name the type only.
            log.Error($"unexpected {e.GetType().Name}{(e is IOException or UnauthorizedAccessException ? ": " + SystemErrors.Describe(e) : string.Empty)}");
            if (context.DebugEnabled)
            {
                log.Write(e.ToString());
            }
            else
            {
                log.Hint("run again with --debug for details");
            }

            return ExitCodes.AwsFailure;
        }
    }

    /// <summary>The first thing wrong with the command line, in the tool's words where it has its own.</summary>
    private static string ParseError(CommandLine cli, ParseResult parsed)
    {
        var verb = string.Join(' ', VerbPath(parsed.CommandResult.Command).Reverse()) is var path && path is "help" or "version" ? string.Empty : path;
        var help = verb.Length == 0 ? "aws-assume-role --help" : $"aws-assume-role {verb} --help";
        // An option a verb does not take is either left over, or taken as a ROLE by the verb's ROLE argument.
        var unknown = parsed.UnmatchedTokens.Count > 0
            ? parsed.UnmatchedTokens
            : [.. parsed.Errors.Select(e => e.SymbolResult).OfType<System.CommandLine.Parsing.ArgumentResult>().SelectMany(r => r.Tokens).Select(t => t.Value).Where(v => v.StartsWith('-')).Take(1)];
        return unknown switch
        {
            [var option, ..] when cli.ChainOptions.Any(o => o.Name == option.Split('=')[0] || o.Aliases.Contains(option.Split('=')[0])) =>
                $"{RoleNames.Printable(option.Split('=')[0])} does not apply to '{verb}' (see {help})",
            [var option, ..] when option.StartsWith('-') => $"unknown option '{RoleNames.Printable(option)}' (see {help})",
            [var word, ..] => $"unexpected argument '{RoleNames.Printable(word)}' (see {help})",
            _ when parsed.Errors[0].SymbolResult is System.CommandLine.Parsing.OptionResult { Tokens.Count: 0 } missing =>
                $"{missing.Option.Name} needs a value: write {missing.Option.Name} {missing.Option.HelpName ?? "VALUE"} (see {help})",
            _ => $"{parsed.Errors[0].Message.TrimEnd('.')} (see {help})",
        };

        static IEnumerable<string> VerbPath(Command? command)
        {
            for (; command is not null and not RootCommand; command = command.Parents.OfType<Command>().FirstOrDefault())
            {
                yield return command.Name;
            }
        }
    }

    /// <summary>
    /// <c>--profile=</c> with nothing after the <c>=</c>: the parser would take the next word (a ROLE)
    /// as the value. Returns the offending word.
    /// </summary>
    private static string? EmptyOptionValue(IEnumerable<string> arguments) =>
        arguments.FirstOrDefault(a => a.Length > 3 && a.StartsWith("--", StringComparison.Ordinal) && a.EndsWith('=') && a.IndexOf('=', StringComparison.Ordinal) == a.Length - 1);
}
