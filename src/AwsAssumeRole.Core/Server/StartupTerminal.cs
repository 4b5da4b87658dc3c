using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.Server;

/// <summary>
/// The terminal of a long-lived session: MFA codes may be asked for while it starts, never after.
/// A refresh that would prompt fails instead (and is logged): by then the terminal belongs to the
/// command run after <c>--</c> or to the shell, and a server in the background that read it would be
/// stopped by the kernel (SIGTTIN).
/// </summary>
/// <param name="inner">The real terminal.</param>
public sealed class StartupTerminal(ITerminal inner) : ITerminal
{
    private volatile bool closed;

    /// <inheritdoc />
    public bool IsAvailable => !closed && inner.IsAvailable;

    /// <inheritdoc />
    public (string Reason, string Hint) Unavailable => closed
        ? ("serve asks for MFA codes only while it starts", "start serve again when the MFA hop's session ends, or give that hop a longer --duration (up to 12h)")
        : inner.Unavailable;

    /// <summary>No prompt from now on.</summary>
    public void Close() => closed = true;

    /// <inheritdoc />
    public Task<string?> PromptAsync(string prompt, CancellationToken cancellationToken) =>
        closed ? Task.FromResult<string?>(null) : inner.PromptAsync(prompt, cancellationToken);
}
