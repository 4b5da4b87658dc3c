namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// A set of AWS credentials. <see cref="ToString"/> never shows the secret or the token, so the
/// object can't leak them through logs or exception text by accident.
/// </summary>
/// <param name="AccessKeyId">The access key ID (<c>AKIA...</c> long-term, <c>ASIA...</c> temporary).</param>
/// <param name="SecretAccessKey">The secret; never printed except as credentials on stdout.</param>
/// <param name="SessionToken">The session token of temporary credentials; null for long-term keys.</param>
/// <param name="Expiration">When temporary credentials expire (UTC); null when unknown or long-term.</param>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken, DateTimeOffset? Expiration)
{
    /// <summary>True for temporary (session) credentials, which STS caps at 1 h when chaining.</summary>
    public bool IsTemporary => !string.IsNullOrEmpty(SessionToken);

    /// <summary>The access key as it may be shown to people: <c>****ABCD</c>.</summary>
    public string MaskedAccessKeyId => "****" + (AccessKeyId.Length > 4 ? AccessKeyId[^4..] : string.Empty);

    /// <inheritdoc />
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {MaskedAccessKeyId}, Expiration = {Expiration:O} }}";
}
