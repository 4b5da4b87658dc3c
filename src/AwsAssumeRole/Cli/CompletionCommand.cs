using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Completion;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Streams;

namespace AwsAssumeRole.Cli;

/// <summary>
/// <c>aws-assume-role completion bash|zsh|fish|pwsh</c> prints the shell's completion script, embedded
/// in the binary so that it always matches this version. The scripts ask the binary itself through
/// System.CommandLine's <c>[suggest:POSITION] "LINE"</c> directive (no dotnet-suggest, which a
/// Native AOT user may not have); this file also gives the grammar its candidates: <c>--format</c>
/// values, profile names, and role ARNs and bare names from the config files and the cache.
/// </summary>
internal static class CompletionCommand
{
    private static readonly string[] Shells = ["bash", "zsh", "fish", "pwsh"];

    /// <summary>
    /// The verb, plus the suggest directive and the candidates of every option and ROLE argument
    /// registered before it (so it is registered last).
    /// </summary>
    public static Command Create(CommandLine cli, CliContext context)
    {
        var suggest = new SuggestDirective();
        suggest.Action = new SuggestAction(suggest);
        cli.Root.Directives.Add(suggest);
        cli.Format.CompletionSources.Add(completion => Items(OutputFormats.Names.Where(name => name.StartsWith(completion.WordToComplete, StringComparison.Ordinal))));
        cli.Profile.CompletionSources.Add(completion => Items(Quietly(() => CompletionCandidates.Profiles(ProfileFiles.FromEnvironment(context.Environment), completion.WordToComplete))));
        foreach (var roles in RoleArguments(cli.Root))
        {
            roles.CompletionSources.Add(completion => Items(Quietly(() => CompletionCandidates.Roles(
                ProfileFiles.FromEnvironment(context.Environment),
                CacheLocation.Resolve(context.Environment, OperatingSystem.IsWindows()),
                completion.WordToComplete))));
        }

        var shell = new Argument<string[]>("SHELL") { Description = "bash, zsh, fish or pwsh.", Arity = ArgumentArity.ZeroOrMore };
        shell.CompletionSources.Add(Shells);
        var command = new Command("completion", "Print the completion script for bash, zsh, fish or pwsh, e.g. aws-assume-role completion bash >> ~/.bashrc (see the README for each shell).");
        command.Arguments.Add(shell);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var script = Script(context, parsed.GetValue(shell) ?? []);
            StandardStreams.RequireOutput("the script");
            await context.WriteStdoutAsync(script, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Script(CliContext context, string[] words)
    {
        if (context.Command is not null)
        {
            throw AssumeRoleException.BadInput("'completion' runs no command after '--'");
        }

        var name = words switch
        {
            [] => throw AssumeRoleException.BadInput("'completion' needs a shell: aws-assume-role completion bash|zsh|fish|pwsh"),
            [var one] when Shells.Contains(one, StringComparer.Ordinal) => one,
            [var one] => throw AssumeRoleException.BadInput($"unknown shell '{RoleNames.Printable(one)}': choose bash, zsh, fish or pwsh"),
            [_, var extra, ..] => throw AssumeRoleException.BadInput($"unexpected argument '{RoleNames.Printable(extra)}': 'completion' takes one shell"),
        };
        using var stream = typeof(CompletionCommand).Assembly.GetManifestResourceStream($"completion.{name}")
            ?? throw new InvalidOperationException($"the {name} completion script is missing from the binary");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// The <c>[suggest:POSITION] "LINE"</c> directive's action: the words that complete the word
    /// before POSITION in LINE, one a line. Unlike the parser's own action it offers only words that
    /// start with what was typed (the parser matches anywhere in the word), completes
    /// <c>--option=VALUE</c> as one word, offers nothing after <c>--</c>, leaves out the DOS-style help
    /// aliases, and whatever happens writes nothing but candidates and exits 0.
    /// </summary>
    private sealed class SuggestAction(SuggestDirective directive) : SynchronousCommandLineAction
    {
        private static readonly string[] Noise = ["-?", "/?", "/h"];

        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            try
            {
                var line = parseResult.Tokens.LastOrDefault(token => token.Type != TokenType.Directive)?.Value ?? string.Empty;
                var position = int.TryParse(parseResult.GetResult(directive)?.Values.SingleOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var given)
                    ? Math.Min(given, line.Length)
                    : line.Length;
                var output = parseResult.InvocationConfiguration.Output;
                foreach (var word in Complete(parseResult.RootCommandResult.Command, line[..position], parseResult.Configuration))
                {
                    output.Write(word + "\n");
                }

                output.Flush();
            }
#pragma warning disable CA1031 // Completion runs at every Tab: it must never print an error.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            return ExitCodes.Success;
        }

        private static IEnumerable<string> Complete(Command root, string before, ParserConfiguration configuration)
        {
            var word = before[(before.LastIndexOf(' ') + 1)..];
            var prefix = string.Empty;

            // --profile=de: complete the value as in '--profile de' (same length, same positions), then give the whole word back.
            if (word.StartsWith("--", StringComparison.Ordinal) && word.IndexOf('=', StringComparison.Ordinal) is > 2 and var equals)
            {
                prefix = word[..(equals + 1)];
                before = before[..^word.Length] + word[..equals] + " " + word[(equals + 1)..];
                word = word[(equals + 1)..];
            }

            // A flag (--quiet) may take true or false after it, so the parser would offer only those
            // for the next word: complete as if the flags were not there (blanks keep the positions).
            var flags = Flags(root);
            var words = before.Split(' ');
            before = string.Join(' ', words.Select((w, i) => i < words.Length - 1 && flags.Contains(w) ? new string(' ', w.Length) : w));

            // An option name is completed among the names offered at that place, as if the word were
            // not typed yet: the parser takes a whole name (--quiet) for a finished option and would
            // offer its values instead of the name itself.
            if (prefix.Length == 0 && word.StartsWith('-'))
            {
                before = before[..^word.Length];
            }

            var parsed = root.Parse(before, configuration);
            if (parsed.Tokens.Any(token => token.Type == TokenType.DoubleDash))
            {
                return [];
            }

            return parsed.GetCompletions(before.Length)
                .Select(item => item.InsertText ?? item.Label)
                .Where(candidate => candidate.StartsWith(word, StringComparison.Ordinal) && !Noise.Contains(candidate, StringComparer.Ordinal))
                .Distinct(StringComparer.Ordinal)
                .Select(candidate => prefix + candidate.Replace('\n', ' ').Replace('\r', ' ').Replace('\t', ' '))
                .ToList();
        }
    }

    /// <summary>Every name of every option that takes no value (an <c>Option&lt;bool&gt;</c>), in every command.</summary>
    private static HashSet<string> Flags(Command command)
    {
        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in command.Options.Where(option => option.ValueType == typeof(bool)))
        {
            flags.Add(option.Name);
            flags.UnionWith(option.Aliases);
        }

        foreach (var subcommand in command.Subcommands)
        {
            flags.UnionWith(Flags(subcommand));
        }

        return flags;
    }

    /// <summary>Every ROLE argument in the grammar: the root command's and each verb's.</summary>
    private static IEnumerable<Argument> RoleArguments(Command command) =>
        command.Arguments.Where(argument => argument.Name == "ROLE")
            .Concat(command.Subcommands.SelectMany(RoleArguments));

    private static IEnumerable<CompletionItem> Items(IEnumerable<string> words) => words.Select(word => new CompletionItem(word));

    /// <summary>Completion never shows an error: whatever fails offers nothing.</summary>
    private static IReadOnlyList<string> Quietly(Func<IReadOnlyList<string>> candidates)
    {
        try
        {
            return candidates();
        }
#pragma warning disable CA1031 // A completion must never print or fail; the candidates are a convenience.
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }
}
