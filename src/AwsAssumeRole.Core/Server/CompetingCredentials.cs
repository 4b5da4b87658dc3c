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
    /// The warnings to give, one a file: what the <c>default</c> profile holds that a client would
    /// take before the endpoint. With <paramref name="credentialsFileHidden"/> (the command run by
    /// serve) only the config file counts; otherwise (clients started elsewhere) the credentials
    /// file too, named first (botocore reads its keys before the config file's).
    /// </summary>
    public static IReadOnlyList<string> InDefaultProfile(ProfileStore store, bool credentialsFileHidden)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.Find("default") is not { } profile)
        {
            return [];
        }

        var warnings = new List<string>();
        if (!credentialsFileHidden && Found(profile.CredentialsKeys) is { } inCredentials)
        {
            warnings.Add(Warning(store.Files.CredentialsPath, inCredentials, $"give clients {Platform.EnvironmentVariables.SharedCredentialsFile}={NoFile}, or they run as the source user"));
        }

        if (Found(profile.ConfigKeys) is { } inConfig)
        {
            warnings.Add(Warning(store.Files.ConfigPath, inConfig, "move them to a named profile, or the command may not run as the served role"));
        }

        return warnings;
    }

    private static string Warning(string file, string key, string remedy) =>
        $"serve: [default] in {file} has {key}, which SDK clients take before the endpoint: {remedy}";

    private static string? Found(IReadOnlyDictionary<string, string>? section) =>
        section is null ? null : Keys.FirstOrDefault(key => ConfigProfile.Value(section, key) is not null);
}
