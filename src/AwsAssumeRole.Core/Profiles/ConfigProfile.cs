namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// One profile as the files say it: its keys in the config file, its keys in the credentials file,
/// and both merged, the credentials file winning where both set a key (as in the AWS CLI).
/// </summary>
public sealed class ConfigProfile
{
    private readonly ProfileFiles files;

    /// <summary>A profile with the keys of its config-file section and of its credentials-file section (either may be null, not both).</summary>
    public ConfigProfile(string name, IReadOnlyDictionary<string, string>? configKeys, IReadOnlyDictionary<string, string>? credentialsKeys, ProfileFiles files)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(files);
        Name = name;
        ConfigKeys = configKeys;
        CredentialsKeys = credentialsKeys;
        this.files = files;
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in (configKeys ?? Empty).Concat(credentialsKeys ?? Empty))
        {
            keys[key] = value;
        }

        Keys = keys;
        Where = string.Join(" and ", new[] { configKeys is null ? null : files.ConfigPath, credentialsKeys is null ? null : files.CredentialsPath }.OfType<string>());
    }

    private static IReadOnlyDictionary<string, string> Empty { get; } = new Dictionary<string, string>();

    /// <summary>The profile's name.</summary>
    public string Name { get; }

    /// <summary>Every key of the profile, from both files; key names ignore case.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; }

    /// <summary>The keys of its section in the config file, or null.</summary>
    public IReadOnlyDictionary<string, string>? ConfigKeys { get; }

    /// <summary>The keys of its section in the credentials file, or null.</summary>
    public IReadOnlyDictionary<string, string>? CredentialsKeys { get; }

    /// <summary>The file (or files) it is in, for messages.</summary>
    public string Where { get; }

    /// <summary>The value of <paramref name="key"/>, trimmed; null when absent or empty.</summary>
    public string? Get(string key) => Value(Keys, key);

    /// <summary>True when the profile names a role to assume with AssumeRole (not web identity, which the SDK handles).</summary>
    public bool AssumesRole => Get("role_arn") is not null && Get("web_identity_token_file") is null;

    /// <summary>True when the profile holds an access key or a secret key itself (in either file).</summary>
    public bool HasStaticKeys => Get("aws_access_key_id") is not null || Get("aws_secret_access_key") is not null;

    /// <summary>How messages name it: <c>profile 'dev' in /home/me/.aws/config</c>.</summary>
    public string Describe() => $"profile '{Name}' in {Where}";

    /// <summary>How messages name it when one of its keys is at fault: the profile and the file that set the key.</summary>
    public string Describe(string key) =>
        CredentialsKeys is not null && Value(CredentialsKeys, key) is not null ? $"profile '{Name}' in {files.CredentialsPath}"
        : ConfigKeys is not null && Value(ConfigKeys, key) is not null ? $"profile '{Name}' in {files.ConfigPath}"
        : Describe();

    /// <summary>The value of <paramref name="key"/> in one file's section, trimmed; null when absent or empty.</summary>
    public static string? Value(IReadOnlyDictionary<string, string> section, string key)
    {
        ArgumentNullException.ThrowIfNull(section);
        return section.TryGetValue(key, out var value) && value.Trim() is { Length: > 0 } trimmed ? trimmed : null;
    }
}
