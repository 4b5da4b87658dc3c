using System.Diagnostics;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Exec;

namespace AwsAssumeRole.Cli;

/// <summary>
/// The command that opens a page in the user's browser: <c>BROWSER</c> when set (a command line,
/// split as a shell would; <c>%s</c> in it stands for the page, which is otherwise added last), else
/// <c>xdg-open</c> on Linux and <c>open</c> on macOS, found on <c>PATH</c> before any network call.
/// It is given the path of the redirect page (<see cref="Core.SignIn.ConsoleRedirectFile"/>), never
/// the sign-in URL.
/// </summary>
internal sealed class ConsoleBrowser
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<string> words;

    private ConsoleBrowser(IReadOnlyList<string> words) => this.words = words;

    /// <summary>The browser command of <paramref name="environment"/>; exit 2 when there is none to run.</summary>
    public static ConsoleBrowser Find(IEnvironment environment)
    {
        var configured = environment.Get("BROWSER");
        var words = configured is null
            ? OperatingSystem.IsMacOS() ? ["open"] : OperatingSystem.IsWindows() ? [] : ["xdg-open"]
            : ShellWords.Split(configured) ?? throw AssumeRoleException.BadInput($"invalid BROWSER '{RoleNames.Printable(configured)}': an unclosed quote");
        if (OperatingSystem.IsWindows() || words.Count == 0)
        {
            return words.Count == 0 && !OperatingSystem.IsWindows()
                ? throw AssumeRoleException.BadInput("BROWSER is empty", "give --print to print the sign-in URL instead")
                : new ConsoleBrowser(words);
        }

        try
        {
            CommandRunner.CheckFound(words[0], environment.Get("PATH"));
        }
        catch (AssumeRoleException e)
        {
            throw AssumeRoleException.BadInput(
                $"cannot open a browser: {e.Message}",
                $"set BROWSER to your browser's command, or give --print to print the sign-in URL instead");
        }

        return new ConsoleBrowser(words);
    }

    /// <summary>What is run, for messages.</summary>
    public string Name => words.Count == 0 ? "the default browser" : RoleNames.Printable(words[0]);

    /// <summary>Opens <paramref name="page"/>; returns the command's exit code, or null when it is still running after a while (a browser itself).</summary>
    public async Task<int?> OpenAsync(string page, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = words.Count == 0,
            RedirectStandardInput = words.Count > 0,
            RedirectStandardOutput = words.Count > 0,
            RedirectStandardError = words.Count > 0,
        };
        if (words.Count == 0)
        {
            info.FileName = page;
        }
        else
        {
            info.FileName = words[0];
            var substituted = false;
            foreach (var word in words.Skip(1))
            {
                substituted |= word.Contains("%s", StringComparison.Ordinal);
                info.ArgumentList.Add(word.Replace("%s", page, StringComparison.Ordinal));
            }

            if (!substituted)
            {
                info.ArgumentList.Add(page);
            }
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("the browser did not start");
        if (words.Count == 0)
        {
            return 0;
        }

        // stdout is the tool's own: what the browser command says goes nowhere.
        process.StandardInput.Close();
        var drained = Task.WhenAll(process.StandardOutput.ReadToEndAsync(cancellationToken), process.StandardError.ReadToEndAsync(cancellationToken));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Wait);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            await drained.ConfigureAwait(false);
            return process.ExitCode;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
