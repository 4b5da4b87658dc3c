namespace AwsAssumeRole.Core.Platform;

/// <summary>
/// The user's terminal, apart from stdin and stdout (<c>/dev/tty</c> on Unix, the console on
/// Windows), so that prompting works inside <c>$(...)</c>, <c>&lt;(...)</c> and <c>credential_process</c>.
/// </summary>
public interface ITerminal
{
    /// <summary>True when there is a terminal to prompt on.</summary>
    bool IsAvailable { get; }

    /// <summary>Why no code can be asked for when <see cref="IsAvailable"/> is false, and what to do instead.</summary>
    (string Reason, string Hint) Unavailable => ("there is no terminal to ask for it on", "pass the code with --mfa-code 123456, or --mfa-code - to read it from stdin");

    /// <summary>Writes <paramref name="prompt"/> on the terminal and reads one line; null when there is no terminal.</summary>
    Task<string?> PromptAsync(string prompt, CancellationToken cancellationToken);
}
