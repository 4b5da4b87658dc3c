using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Chain;

/// <summary>What one <c>AssumeRole</c> call sends besides the role and the session name.</summary>
public sealed record HopParameters
{
    /// <summary>Requested session length in seconds; clamped to 1 h when the hop uses temporary credentials.</summary>
    public int DurationSeconds { get; init; } = Durations.DefaultSeconds;

    /// <summary>The <c>ExternalId</c> the role's trust policy may require; null to send none.</summary>
    public string? ExternalId { get; init; }

    /// <summary>A session name for this hop alone; null to use the chain's.</summary>
    public string? SessionName { get; init; }
}

/// <summary>One hop of a chain: which role, and with what parameters.</summary>
/// <param name="Role">The role as the user gave it.</param>
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
}
