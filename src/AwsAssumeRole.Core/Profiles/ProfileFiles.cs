using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// Where profiles live, as the AWS CLI finds them: <c>AWS_CONFIG_FILE</c> (default
/// <c>~/.aws/config</c>, sections <c>[profile NAME]</c> and <c>[default]</c>) and
/// <c>AWS_SHARED_CREDENTIALS_FILE</c> (default <c>~/.aws/credentials</c>, sections <c>[NAME]</c>).
/// A file that does not exist holds no profiles.
/// </summary>
/// <param name="ConfigPath">The config file.</param>
/// <param name="CredentialsPath">The shared credentials file.</param>
public sealed record ProfileFiles(string ConfigPath, string CredentialsPath)
{
    /// <summary>The two paths from the environment; <c>~</c> at the start means the home directory.</summary>
    public static ProfileFiles FromEnvironment(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var home = environment.Get("HOME") ?? environment.Get("USERPROFILE") ?? ".";
        return new ProfileFiles(
            Expand(environment.Get("AWS_CONFIG_FILE"), home) ?? Path.Combine(home, ".aws", "config"),
            Expand(environment.Get("AWS_SHARED_CREDENTIALS_FILE"), home) ?? Path.Combine(home, ".aws", "credentials"));
    }

    /// <summary>Both files, for messages.</summary>
    public string Describe() => $"{ConfigPath} or {CredentialsPath}";

    private static string? Expand(string? path, string home) =>
        path is null ? null
        : path == "~" ? home
        : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path[2..])
        : path;
}
