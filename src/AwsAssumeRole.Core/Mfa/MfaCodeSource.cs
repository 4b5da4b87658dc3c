using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.Mfa;

/// <summary>
/// MFA codes from the command line (<c>--mfa-code</c>, or stdin with <c>--mfa-code -</c>) for the
/// first hop that needs one, and from a prompt on the terminal for any other; never from stdin
/// otherwise, never on stdout.
/// </summary>
/// <param name="givenCode">The code given on the command line, already validated; null when none was.</param>
/// <param name="terminal">The terminal to prompt on.</param>
public sealed class MfaCodeSource(string? givenCode, ITerminal terminal) : IMfaCodeSource
{
    private string? unusedCode = givenCode;

    /// <inheritdoc />
    public void EnsureAvailable(IReadOnlyList<MfaNeed> needs)
    {
        ArgumentNullException.ThrowIfNull(needs);
        var prompted = needs.Skip(unusedCode is null ? 0 : 1).FirstOrDefault();
        if (prompted is not null && !terminal.IsAvailable)
        {
            throw NoTerminal(prompted, terminal);
        }
    }

    /// <inheritdoc />
    public async Task<string> GetCodeAsync(MfaNeed need, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(need);
        if (unusedCode is { } code)
        {
            unusedCode = null;
            return code;
        }

        var typed = await terminal.PromptAsync($"MFA code for {need.Serial}: ", cancellationToken).ConfigureAwait(false)
            ?? throw NoTerminal(need, terminal);
        return MfaCodes.ValidateCode(typed.Trim(), "MFA code typed at the prompt");
    }

    private static AssumeRoleException NoTerminal(MfaNeed need, ITerminal terminal)
    {
        var (reason, hint) = terminal.Unavailable;
        return AssumeRoleException.BadInput($"hop {need.Hop} needs an MFA code for {need.Serial} and {reason}", hint);
    }
}
