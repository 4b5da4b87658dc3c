using Amazon.Runtime.Internal.Util;
using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// Reads profiles from the config and credentials files with the AWS SDK's own INI parser
/// (<see cref="ProfileIniFile"/>, the one the SDK's <c>SharedCredentialsFile</c> uses), so every key
/// is seen, including those the SDK's <c>CredentialProfile</c> does not expose
/// (<c>duration_seconds</c>, <c>source_identity</c>, <c>sts_regional_endpoints</c>).
/// </summary>
public sealed class ProfileStore
{
    private const string DefaultProfile = "default";
    private readonly ProfileIniFile? config;
    private readonly ProfileIniFile? credentials;

    /// <summary>Reads both files now; a missing file holds no profiles, an unreadable one is bad input.</summary>
    public ProfileStore(ProfileFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Files = files;
        config = Open(files.ConfigPath, profileMarkerRequired: true);
        credentials = Open(files.CredentialsPath, profileMarkerRequired: false);
    }

    /// <summary>The files read.</summary>
    public ProfileFiles Files { get; }

    /// <summary>The profile called <paramref name="name"/>, or null when neither file has it.</summary>
    public ConfigProfile? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var where = new List<string>(2);
        if (config is not null)
        {
            // The config file names profiles [profile NAME], except the default, which may be [default].
            config.ProfileMarkerRequired = name != DefaultProfile;
            if (config.TryGetSection(name, false, false, out var fromConfig, out _))
            {
                Merge(keys, fromConfig);
                where.Add(Files.ConfigPath);
            }
        }

        if (credentials is not null && credentials.TryGetSection(name, false, false, out var fromCredentials, out _))
        {
            Merge(keys, fromCredentials);
            where.Add(Files.CredentialsPath);
        }

        return where.Count == 0 ? null : new ConfigProfile(name, keys, string.Join(" and ", where));
    }

    private static void Merge(Dictionary<string, string> keys, Dictionary<string, string> section)
    {
        foreach (var (key, value) in section)
        {
            keys[key] = value;
        }
    }

    private static ProfileIniFile? Open(string path, bool profileMarkerRequired)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return new ProfileIniFile(path, profileMarkerRequired);
        }
        catch (InvalidDataException)
        {
            // The SDK's message quotes the offending line, which may hold a secret: never show it.
            throw AssumeRoleException.BadInput($"cannot read {path}: a line in it is neither [section], key = value nor a comment");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw AssumeRoleException.BadInput($"cannot read {path}: {SystemErrors.Describe(e)}");
        }
    }
}
