using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Text;

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
            new(EnvironmentVariables.AccessKeyId, Credentials.AccessKeyId),
            new(EnvironmentVariables.SecretAccessKey, Credentials.SecretAccessKey),
        };
        if (Credentials.SessionToken is { } token)
        {
            variables.Add(new(EnvironmentVariables.SessionToken, token));
        }

        if (Credentials.Expiration is { } expiration)
        {
            variables.Add(new(EnvironmentVariables.CredentialExpiration, Iso8601.Format(expiration)));
        }

        if (Region is not null)
        {
            variables.Add(new(EnvironmentVariables.Region, Region));
            variables.Add(new(EnvironmentVariables.DefaultRegion, Region));
        }

        return variables;
    }

}

/// <summary>Turns credentials into the exact text written to stdout.</summary>
public interface ICredentialFormatter
{
    /// <summary>The whole stdout text, with LF line endings.</summary>
    string Format(IssuedCredentials issued);
}
