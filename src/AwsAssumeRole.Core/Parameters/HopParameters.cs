namespace AwsAssumeRole.Core.Parameters;

/// <summary>
/// Everything one <c>AssumeRole</c> call sends besides the role: the one record that describes a
/// hop's parameters in every layer. The command line fills one (its options), a profile fills one
/// (its keys), <see cref="Chain.ChainPlanBuilder"/> merges them into the plan's, the runner resolves the
/// session name and caps the duration, <see cref="Sts.SdkStsGateway"/> turns it into the request and
/// <see cref="Cache.CacheKeys"/> into the cache key. A new STS parameter is one property here, plus
/// where it is read (an option, a profile key), sent (the SDK request) and keyed (the cache key).
/// Null or empty: not given.
/// </summary>
public sealed record HopParameters
{
    /// <summary>Nothing given.</summary>
    public static HopParameters None { get; } = new();

    /// <summary>Requested session length in seconds; null for the default (1 h). The runner caps it at 1 h when the hop uses temporary credentials.</summary>
    public int? DurationSeconds { get; init; }

    /// <summary>Where <see cref="DurationSeconds"/> came from, for messages: <c>--duration</c>, <c>duration_seconds of profile 'a'</c>.</summary>
    public string? DurationOrigin { get; init; }

    /// <summary>The <c>ExternalId</c> the role's trust policy may require.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The role session name of this hop; null to use the chain's (given or derived from the source identity).</summary>
    public string? SessionName { get; init; }

    /// <summary>The profile this hop comes from, for messages and the cache key; null for a hop given on the command line.</summary>
    public string? Profile { get; init; }

    /// <summary>The serial (ARN) of the MFA device whose code this hop sends (<c>SerialNumber</c>). The code itself is asked for just before the call.</summary>
    public string? MfaSerial { get; init; }

    /// <summary>The <c>SourceIdentity</c> to send.</summary>
    public string? SourceIdentity { get; init; }

    /// <summary>Session tags and transitive tag keys to send.</summary>
    public SessionTagSet Tags { get; init; } = SessionTagSet.Empty;

    /// <summary>An inline session policy (JSON) to send.</summary>
    public string? Policy { get; init; }

    /// <summary>Managed session policy ARNs to send.</summary>
    public IReadOnlyList<string> PolicyArns { get; init; } = [];

    /// <summary>The duration to ask for before any cap: the given one, else 1 h.</summary>
    public int RequestedSeconds => DurationSeconds ?? Durations.DefaultSeconds;

    /// <summary>How messages name where the duration came from.</summary>
    public string DurationSource => DurationOrigin ?? "--duration";

    /// <summary>
    /// These parameters with every unset one filled from <paramref name="fallback"/> ("fill what is
    /// unset"), each property alike. Where a parameter belongs to one hop of the chain (MFA on the
    /// first that needs it, tags on the first, session policies on the last, the source identity from
    /// the hop that sets it on) <see cref="Chain.ChainPlanBuilder"/> places it after the merge.
    /// </summary>
    public HopParameters FillFrom(HopParameters fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new HopParameters
        {
            DurationSeconds = DurationSeconds ?? fallback.DurationSeconds,
            DurationOrigin = DurationSeconds is null ? fallback.DurationOrigin : DurationOrigin,
            ExternalId = ExternalId ?? fallback.ExternalId,
            SessionName = SessionName ?? fallback.SessionName,
            Profile = Profile ?? fallback.Profile,
            MfaSerial = MfaSerial ?? fallback.MfaSerial,
            SourceIdentity = SourceIdentity ?? fallback.SourceIdentity,
            Tags = Tags.IsEmpty ? fallback.Tags : Tags,
            Policy = Policy ?? fallback.Policy,
            PolicyArns = PolicyArns.Count == 0 ? fallback.PolicyArns : PolicyArns,
        };
    }
}
