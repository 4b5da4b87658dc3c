using System.Globalization;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Output;

/// <summary>What gets printed: the final credentials and the region, when one is known.</summary>
/// <param name="Credentials">The credentials at the end of the chain.</param>
/// <param name="Region">The region the user gave or configured, or null.</param>
public sealed record IssuedCredentials(AwsCredentials Credentials, string? Region)
{
    /// <summary>
    /// The variables a process needs to use these credentials, in print order:
    /// key, secret, token, expiry, then <c>AWS_REGION</c> and <c>AWS_DEFAULT_REGION</c> when a region is known.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables()
    {
        var variables = new List<KeyValuePair<string, string>>
        {
            new("AWS_ACCESS_KEY_ID", Credentials.AccessKeyId),
            new("AWS_SECRET_ACCESS_KEY", Credentials.SecretAccessKey),
        };
        if (Credentials.SessionToken is { } token)
        {
            variables.Add(new("AWS_SESSION_TOKEN", token));
        }

        if (Credentials.Expiration is { } expiration)
        {
            variables.Add(new("AWS_CREDENTIAL_EXPIRATION", FormatExpiration(expiration)));
        }

        if (Region is not null)
        {
            variables.Add(new("AWS_REGION", Region));
            variables.Add(new("AWS_DEFAULT_REGION", Region));
        }

        return variables;
    }

    /// <summary>ISO 8601 in UTC with a <c>Z</c>, to the second: <c>2026-11-29T01:02:03Z</c>.</summary>
    public static string FormatExpiration(DateTimeOffset expiration) =>
        expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>Turns credentials into the exact text written to stdout.</summary>
public interface ICredentialFormatter
{
    /// <summary>The whole stdout text, with LF line endings.</summary>
    string Format(IssuedCredentials issued);
}
