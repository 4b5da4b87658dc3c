namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// One profile as the files say it: every key of its sections in the config and credentials
/// files merged, the credentials file winning where both set a key (as in the AWS CLI).
/// Key names ignore case.
/// </summary>
/// <param name="Name">The profile's name.</param>
/// <param name="Keys">Its keys and values.</param>
/// <param name="Where">The file (or files) it is in, for messages.</param>
public sealed record ConfigProfile(string Name, IReadOnlyDictionary<string, string> Keys, string Where)
{
    /// <summary>The value of <paramref name="key"/>, trimmed; null when absent or empty.</summary>
    public string? Get(string key) =>
        Keys.TryGetValue(key, out var value) && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;

    /// <summary>True when the profile names a role to assume with AssumeRole (not web identity, which the SDK handles).</summary>
    public bool AssumesRole => Get("role_arn") is not null && Get("web_identity_token_file") is null;

    /// <summary>True when the profile holds an access key or a secret key itself.</summary>
    public bool HasStaticKeys => Get("aws_access_key_id") is not null || Get("aws_secret_access_key") is not null;

    /// <summary>True when the profile signs in with IAM Identity Center (SSO), which this tool does not support.</summary>
    public bool UsesSso => Get("sso_session") is not null || Get("sso_start_url") is not null || Get("sso_account_id") is not null;

    /// <summary>How messages name it: <c>profile 'dev' in /home/me/.aws/config</c>.</summary>
    public string Describe() => $"profile '{Name}' in {Where}";
}
