namespace AwsAssumeRole.Core.Platform;

/// <summary>
/// The user's terminal, apart from stdin and stdout (<c>/dev/tty</c> on Unix, the console on
/// Windows), so that prompting works inside <c>$(...)</c>, <c>&lt;(...)</c> and <c>credential_process</c>.
/// </summary>
public interface ITerminal
{
    /// <summary>True when there is a terminal to prompt on.</summary>
    bool IsAvailable { get; }

    /// <summary>Writes <paramref name="prompt"/> on the terminal and reads one line; null when there is no terminal.</summary>
    Task<string?> PromptAsync(string prompt, CancellationToken cancellationToken);
}
