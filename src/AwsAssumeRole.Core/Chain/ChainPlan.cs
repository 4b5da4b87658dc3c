using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Chain;

/// <summary>One hop of a chain: which role, and with what parameters.</summary>
/// <param name="Role">The role as the user (or the profile's <c>role_arn</c>) gave it.</param>
/// <param name="Parameters">What the <c>AssumeRole</c> call sends.</param>
public sealed record Hop(RoleReference Role, HopParameters Parameters);

/// <summary>
/// A whole chain, parsed and validated before any network call: the hops in order and the
/// session name shared by all of them (null: derive it from the source identity).
/// </summary>
/// <param name="Hops">The hops, first to last. May be empty (whoami of the source).</param>
/// <param name="SessionName">The session name for every hop, or null to derive it.</param>
public sealed record ChainPlan(IReadOnlyList<Hop> Hops, string? SessionName)
{
    /// <summary>
    /// True when the source identity must be asked for: a bare first hop needs its account, and a
    /// hop without a session name needs the caller's name.
    /// </summary>
    public bool NeedsSourceIdentity =>
        Hops.Count > 0 && (Hops[0].Role.IsBareName || (SessionName is null && Hops.Any(h => h.Parameters.SessionName is null)));

    /// <summary>The hops that send an MFA code, in order, with their devices' serials.</summary>
    public IReadOnlyList<MfaNeed> MfaNeeds =>
        [.. Hops.Select((hop, index) => hop.Parameters.MfaSerial is { } serial ? new MfaNeed(index + 1, serial) : null).OfType<MfaNeed>()];
}
