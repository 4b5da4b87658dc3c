namespace AwsAssumeRole.Core.Mfa;

/// <summary>One hop that sends an MFA code: its number in the chain and its device's serial.</summary>
/// <param name="Hop">The 1-based hop number.</param>
/// <param name="Serial">The MFA device's serial (ARN).</param>
public sealed record MfaNeed(int Hop, string Serial);

/// <summary>
/// Where MFA codes come from. The chain asks for a code only just before the <c>AssumeRole</c> call
/// that sends it, so a hop that needs no call (a cached one) never prompts.
/// </summary>
public interface IMfaCodeSource
{
    /// <summary>
    /// Fails at once (bad input, exit 2) when the codes for <paramref name="needs"/> cannot be had,
    /// for instance when no code was given and there is no terminal to ask on. Never prompts.
    /// </summary>
    void EnsureAvailable(IReadOnlyList<MfaNeed> needs);

    /// <summary>The code for <paramref name="need"/>: a given one, or one typed at a prompt.</summary>
    Task<string> GetCodeAsync(MfaNeed need, CancellationToken cancellationToken);
}
