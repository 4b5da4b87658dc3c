namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// The profiles of the config and credentials files, read with <see cref="IniFile"/> and named as
/// botocore names them. In the config file a section is a profile when it is <c>[default]</c> or when
/// its header starts with <c>profile</c> and splits (as a shell would) into exactly two words, the
/// second being the name (<c>[profile dev]</c>, <c>[profile "my dev"]</c>, <c>[profile default]</c>);
/// when two sections name the same profile, the later one in the file is the profile. In the
/// credentials file every section is the profile of that exact name (<c>[profile x]</c> there is a
/// profile called <c>profile x</c>). A profile in both files has the keys of both, the credentials
/// file winning where both set one.
/// </summary>
public sealed class ProfileStore
{
    private const string ProfilePrefix = "profile";
    private readonly Dictionary<string, IniSection> config;
    private readonly Dictionary<string, IniSection> credentials;

    /// <summary>Reads both files now; a missing file holds no profiles, an unreadable or malformed one is bad input.</summary>
    public ProfileStore(ProfileFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Files = files;
        config = ConfigProfiles(IniFile.Read(files.ConfigPath) ?? []);
        credentials = (IniFile.Read(files.CredentialsPath) ?? []).ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    /// <summary>The files read.</summary>
    public ProfileFiles Files { get; }

    /// <summary>The profile called <paramref name="name"/>, or null when neither file has it.</summary>
    public ConfigProfile? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var fromConfig = config.GetValueOrDefault(name)?.Keys;
        var fromCredentials = credentials.GetValueOrDefault(name)?.Keys;
        return fromConfig is null && fromCredentials is null
            ? null
            : new ConfigProfile(name, fromConfig, fromCredentials, Files);
    }

    /// <summary>The profiles of the config file by name, as botocore's <c>build_profile_map</c> names them.</summary>
    internal static Dictionary<string, IniSection> ConfigProfiles(IReadOnlyList<IniSection> sections)
    {
        var profiles = new Dictionary<string, IniSection>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            if (section.Name.StartsWith(ProfilePrefix, StringComparison.Ordinal))
            {
                if (ShellWords.Split(section.Name) is [_, var name])
                {
                    profiles[name] = section;
                }
            }
            else if (section.Name == "default")
            {
                profiles["default"] = section;
            }
        }

        return profiles;
    }
}
