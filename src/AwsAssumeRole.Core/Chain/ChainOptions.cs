using AwsAssumeRole.Core.Session;

namespace AwsAssumeRole.Core.Chain;

/// <summary>What the command line says about the hops, each value already validated; null or empty when not given.</summary>
public sealed record ChainOptions
{
    /// <summary><c>--duration</c>, in seconds.</summary>
    public int? DurationSeconds { get; init; }

    /// <summary><c>--external-id</c>.</summary>
    public string? ExternalId { get; init; }

    /// <summary><c>--session-name</c>.</summary>
    public string? SessionName { get; init; }

    /// <summary><c>--mfa-serial</c>.</summary>
    public string? MfaSerial { get; init; }

    /// <summary>True when <c>--mfa-code</c> was given (the code itself goes to the MFA code source).</summary>
    public bool MfaCodeGiven { get; init; }

    /// <summary><c>--source-identity</c>.</summary>
    public string? SourceIdentity { get; init; }

    /// <summary><c>--tag</c> and <c>--transitive-tag</c>.</summary>
    public SessionTagSet Tags { get; init; } = SessionTagSet.Empty;

    /// <summary><c>--policy</c>, the JSON text.</summary>
    public string? Policy { get; init; }

    /// <summary><c>--policy-arn</c>.</summary>
    public IReadOnlyList<string> PolicyArns { get; init; } = [];
}
