using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Session;

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

    /// <summary>Where <see cref="DurationSeconds"/> came from, for messages: <c>--duration</c>, <c>duration_seconds of profile 'a'</c>.</summary>
    public string DurationOrigin { get; init; } = "--duration";

    /// <summary>The profile this hop comes from, for messages; null for a hop given on the command line.</summary>
    public string? Profile { get; init; }

    /// <summary>The serial (ARN) of the MFA device whose code this hop sends; null for none. The code itself is asked for just before the call.</summary>
    public string? MfaSerial { get; init; }

    /// <summary>The <c>SourceIdentity</c> to send; null for none.</summary>
    public string? SourceIdentity { get; init; }

    /// <summary>Session tags and transitive tag keys to send.</summary>
    public SessionTagSet Tags { get; init; } = SessionTagSet.Empty;

    /// <summary>An inline session policy (JSON) to send; null for none.</summary>
    public string? Policy { get; init; }

    /// <summary>Managed session policy ARNs to send.</summary>
    public IReadOnlyList<string> PolicyArns { get; init; } = [];
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

    /// <summary>The hops that send an MFA code, in order, with their devices' serials.</summary>
    public IReadOnlyList<MfaNeed> MfaNeeds =>
        [.. Hops.Select((hop, index) => hop.Parameters.MfaSerial is { } serial ? new MfaNeed(index + 1, serial) : null).OfType<MfaNeed>()];
}
