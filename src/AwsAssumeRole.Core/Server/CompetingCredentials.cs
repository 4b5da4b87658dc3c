using AwsAssumeRole.Core.Profiles;

namespace AwsAssumeRole.Core.Server;

/// <summary>
/// Credentials an SDK client finds before the endpoint. Every SDK's default chain reads the
/// <c>default</c> profile (keys, <c>credential_process</c>, a role, SSO) before the container
/// endpoint, so a user whose <c>~/.aws/credentials</c> has keys in <c>[default]</c> (the most common
/// setup) would otherwise run the command as the source user, silently. serve's command therefore
/// gets no shared credentials file at all (<see cref="NoFile"/>: the endpoint is where its
/// credentials come from), and what the config file's <c>[default]</c> still holds is warned about.
/// </summary>
public static class CompetingCredentials
{
    /// <summary>The <c>AWS_SHARED_CREDENTIALS_FILE</c> the command is given: an empty one.</summary>
    public static string NoFile => OperatingSystem.IsWindows() ? "NUL" : "/dev/null";

    // What makes botocore's, the JavaScript and the .NET SDKs' chains stop at a profile.
    private static readonly string[] Keys =
        ["aws_access_key_id", "aws_secret_access_key", "credential_process", "role_arn", "web_identity_token_file", "sso_session", "sso_start_url"];

    /// <summary>
    /// The warning to give, or null: what the <c>default</c> profile holds that a client would take
    /// before the endpoint. With <paramref name="credentialsFileHidden"/> (the command run by serve)
    /// only the config file counts; otherwise (clients started elsewhere) the credentials file too.
    /// </summary>
    public static string? InDefaultProfile(ProfileStore store, bool credentialsFileHidden)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Find("default") is not { } profile)
        {
            return null;
        }

        var found = Found(profile.ConfigKeys, store.Files.ConfigPath) ?? (credentialsFileHidden ? null : Found(profile.CredentialsKeys, store.Files.CredentialsPath));
        if (found is not var (file, key))
        {
            return null;
        }

        var remedy = credentialsFileHidden || file == store.Files.ConfigPath
            ? "move them to a named profile, or the command may not run as the served role"
            : $"give clients {Platform.EnvironmentVariables.SharedCredentialsFile}={NoFile}, or they run as the source user";
        return $"serve: [default] in {file} has {key}, which SDK clients take before the endpoint: {remedy}";
    }

    private static (string File, string Key)? Found(IReadOnlyDictionary<string, string>? section, string file) =>
        section is null ? null : Keys.FirstOrDefault(key => ConfigProfile.Value(section, key) is not null) is { } key ? (file, key) : null;
}
