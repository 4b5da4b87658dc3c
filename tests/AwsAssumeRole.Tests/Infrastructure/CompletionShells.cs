namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>
/// Drives the completion scripts (<c>aws-assume-role completion SHELL</c>) the way each shell does
/// when Tab is pressed at the end of a line, with the binary under test on <c>PATH</c> as
/// <c>aws-assume-role</c>. Each shell also gets a completion of its own for a command
/// <c>childcmd</c> (alpha, beta), to see that after <c>--</c> the child's completion takes over.
/// The words each returns are what the shell would offer; a shell's own error output is in
/// <see cref="Completed.Stderr"/>.
/// </summary>
public sealed class CompletionShells : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TestEnvironment env;
    private readonly string bin = Directory.CreateTempSubdirectory("aar-completion-bin-").FullName;

    public CompletionShells(TestEnvironment env)
    {
        this.env = env;
        File.CreateSymbolicLink(Path.Combine(bin, "aws-assume-role"), RepoPaths.Binary);
        Variables = new Dictionary<string, string>(env.Variables) { ["PATH"] = bin + ":" + env.Variables["PATH"] };
    }

    /// <summary>The environment the shells run in: the test's, with the binary first on PATH.</summary>
    public Dictionary<string, string> Variables { get; }

    /// <summary>
    /// bash, the way readline calls a <c>complete -F</c> function: COMP_LINE, COMP_POINT, COMP_WORDS
    /// split at COMP_WORDBREAKS (<c>:</c> and <c>=</c> are words of their own), COMP_CWORD; the
    /// function is the one <c>complete -p aws-assume-role</c> names. Returns COMPREPLY.
    /// </summary>
    public async Task<Completed> BashAsync(string line, bool withBashCompletion)
    {
        var script = await Script("bash");
        var words = ReadlineWords(line);
        var driver = $$"""
            {{(withBashCompletion ? "source /usr/share/bash-completion/bash_completion" : "declare -F _command_offset && exit 3")}}
            source {{script}}
            complete -W 'alpha beta' childcmd
            spec="$(complete -p aws-assume-role)"
            [[ "$spec" =~ -F\ ([^ ]+) ]] || { echo "no completion function: $spec" >&2; exit 4; }
            COMP_LINE="$LINE"; COMP_POINT=${#LINE}; COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
            "${BASH_REMATCH[1]}" aws-assume-role "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\n' "${COMPREPLY[@]}"
            """;
        var variables = new Dictionary<string, string>(Variables) { ["LINE"] = line };
        var result = await ProcessRunner.RunAsync(Shells.Bash, ["--noprofile", "--norc", "-c", driver, "bash", .. words], variables, timeout: Timeout);
        return Completed.From(result, line => line);
    }

    /// <summary>fish: <c>complete -C LINE</c>, the words it offers (descriptions dropped).</summary>
    public async Task<Completed> FishAsync(string line)
    {
        var driver = $"source {await Script("fish")}; complete -c childcmd -f -a 'alpha beta'; complete -C $argv[1]";
        var result = await ProcessRunner.RunAsync(Shells.Fish, ["--no-config", "-c", driver, line], Variables, timeout: Timeout);
        return Completed.From(result, line => line.Split('\t')[0]);
    }

    /// <summary>PowerShell: <c>TabExpansion2</c> at the end of each line; the completion texts.</summary>
    public Task<IReadOnlyList<Completed>> PwshAsync(params string[] lines) => PwshInAsync(Path.GetTempPath(), lines);

    /// <summary>PowerShell in <paramref name="workingDirectory"/>, whose files it offers when a completer offers nothing.</summary>
    public async Task<IReadOnlyList<Completed>> PwshInAsync(string workingDirectory, params string[] lines)
    {
        const string Separator = "--- next line ---";
        var driver = $$"""
            $ErrorActionPreference = 'Stop'
            . '{{await Script("pwsh")}}'
            Register-ArgumentCompleter -Native -CommandName childcmd -ScriptBlock {
                param($word) 'alpha', 'beta' | Where-Object { $_ -like "$word*" } | ForEach-Object { [System.Management.Automation.CompletionResult]::new($_) }
            }
            foreach ($line in $env:LINES -split "`n") {
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { $_.CompletionText }
                '{{Separator}}'
            }
            """;
        var variables = new Dictionary<string, string>(Variables) { ["LINES"] = string.Join('\n', lines) };
        var result = await ProcessRunner.RunAsync(Shells.Pwsh, ["-NoProfile", "-NonInteractive", "-Command", driver], variables, timeout: Timeout, workingDirectory: workingDirectory);
        Assert.True(result.ExitCode == 0, result.ToString());
        var parts = result.Stdout.Split(Separator + "\n");
        Assert.Equal(lines.Length + 1, parts.Length);
        return [.. parts[..^1].Select(part => new Completed(part.Split('\n', StringSplitOptions.RemoveEmptyEntries), result.Stderr, result.ExitCode))];
    }

    /// <summary>
    /// zsh, interactive in a real terminal (tmux), after compinit: types <paramref name="line"/>,
    /// presses Tab, then types <paramref name="after"/>; returns the screen once
    /// <paramref name="until"/> holds.
    /// </summary>
    public async Task<string> ZshAsync(string line, Func<string, bool> until, string what, string after = "")
    {
        await using var terminal = await TerminalSession.StartAsync(env, Variables);
        await terminal.TypeLineAsync($"exec {Shells.Zsh} -f");
        await terminal.TypeLineAsync($"PS1='zsh%% '; autoload -U compinit; compinit -u; compdef '_values word alpha beta' childcmd; source {await Script("zsh")}; echo ready-$((6*7))");
        await terminal.WaitForScreenAsync(screen => screen.Contains("ready-42", StringComparison.Ordinal), "zsh ready");
        await terminal.TypeAsync(line);
        await terminal.PressAsync("Tab");
        if (after.Length > 0)
        {
            await terminal.TypeAsync(after);
        }

        return await terminal.WaitForScreenAsync(until, what);
    }

    /// <summary>bash, interactive in a real terminal (tmux): types the line, presses Tab; returns the screen once <paramref name="until"/> holds.</summary>
    public async Task<string> BashInTerminalAsync(string line, Func<string, bool> until, string what)
    {
        await using var terminal = await TerminalSession.StartAsync(env, Variables);
        await terminal.TypeLineAsync($"source {await Script("bash")}; echo ready-$((6*7))");
        await terminal.WaitForScreenAsync(screen => screen.Contains("ready-42", StringComparison.Ordinal), "bash ready");
        await terminal.TypeAsync(line);
        await terminal.PressAsync("Tab");
        return await terminal.WaitForScreenAsync(until, what);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(bin, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// COMP_WORDS as readline makes them for a line ending at the cursor: split at blanks, and at
    /// the word-break characters <c>:</c> and <c>=</c>, a run of which is a word of its own.
    /// </summary>
    public static string[] ReadlineWords(string line)
    {
        var words = new List<string>();
        foreach (var blank in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var start = 0;
            for (var i = 1; i <= blank.Length; i++)
            {
                if (i == blank.Length || IsBreak(blank[i]) != IsBreak(blank[i - 1]))
                {
                    words.Add(blank[start..i]);
                    start = i;
                }
            }
        }

        if (line.EndsWith(' '))
        {
            words.Add(string.Empty);
        }

        return [.. words];

        static bool IsBreak(char c) => c is ':' or '=';
    }

    /// <summary>The script as the binary prints it, saved for the shell to source.</summary>
    private async Task<string> Script(string shell)
    {
        var path = Path.Combine(bin, "completion." + (shell == "pwsh" ? "ps1" : shell)); // PowerShell dot-sources .ps1 files only
        if (!File.Exists(path))
        {
            var result = await ProcessRunner.RunAsync(RepoPaths.Binary, ["completion", shell], env.Variables);
            Assert.True(result.ExitCode == 0, result.ToString());
            await File.WriteAllTextAsync(path, result.Stdout);
        }

        return path;
    }
}

/// <summary>What a shell offered, and what it wrote on stderr.</summary>
public sealed record Completed(IReadOnlyList<string> Words, string Stderr, int ExitCode)
{
    public static Completed From(ProcessResult result, Func<string, string> word)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        return new Completed([.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(word)], result.Stderr, result.ExitCode);
    }
}
