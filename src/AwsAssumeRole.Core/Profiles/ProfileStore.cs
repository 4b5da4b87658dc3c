namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// The profiles of the config and credentials files, read with <see cref="IniFile"/> and named as
/// botocore names them. In the config file a section is a profile when it is <c>[default]</c> or when
/// its header starts with <c>profile</c> and splits (as a shell would) into exactly two words, the
/// second being the name (<c>[profile dev]</c>, <c>[profile "my dev"]</c>, <c>[profile default]</c>);
/// when two sections name the same profile, the later one in the file is the profile. In the
/// credentials file every section is the profile of that exact name (<c>[profile x]</c> there is a
/// profile called <c>profile x</c>). A profile in both files has the keys of both, the credentials
/// file winning where both set one. The config file's <c>[sso-session NAME]</c> and
/// <c>[services NAME]</c> sections are named the same way (two words, the later section winning).
/// </summary>
public sealed class ProfileStore
{
    private const string ProfilePrefix = "profile";
    private const string SsoSessionPrefix = "sso-session";
    private const string ServicesPrefix = "services";
    private readonly Dictionary<string, IniSection> config;
    private readonly Dictionary<string, IniSection> ssoSessions;
    private readonly Dictionary<string, IniSection> services;
    private readonly Dictionary<string, IniSection> credentials;

    /// <summary>Reads both files now; a missing file holds no profiles, an unreadable or malformed one is bad input.</summary>
    public ProfileStore(ProfileFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        Files = files;
        var sections = IniFile.Read(files.ConfigPath) ?? [];
        config = ConfigProfiles(sections);
        ssoSessions = Named(sections, SsoSessionPrefix);
        services = Named(sections, ServicesPrefix);
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

    /// <summary>The keys of the config file's <c>[sso-session NAME]</c> section, or null when there is none.</summary>
    public IReadOnlyDictionary<string, string>? FindSsoSession(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ssoSessions.GetValueOrDefault(name)?.Keys;
    }

    /// <summary>The keys of the config file's <c>[services NAME]</c> section (each value the nested <c>key = value</c> lines), or null when there is none.</summary>
    public IReadOnlyDictionary<string, string>? FindServices(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return services.GetValueOrDefault(name)?.Keys;
    }

    // botocore's build_profile_map: a header starting with "profile" is a profile (or nothing),
    // one starting with "sso-session" or "services" is one of those (or nothing), in that order.
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

    private static Dictionary<string, IniSection> Named(IReadOnlyList<IniSection> sections, string prefix)
    {
        var named = new Dictionary<string, IniSection>(StringComparer.Ordinal);
        foreach (var section in sections)
        {
            if (Kind(section.Name) == prefix && ShellWords.Split(section.Name) is [_, var name])
            {
                named[name] = section;
            }
        }

        return named;
    }

    private static string? Kind(string header) =>
        header.StartsWith(ProfilePrefix, StringComparison.Ordinal) ? ProfilePrefix
        : header.StartsWith(SsoSessionPrefix, StringComparison.Ordinal) ? SsoSessionPrefix
        : header.StartsWith(ServicesPrefix, StringComparison.Ordinal) ? ServicesPrefix
        : null;
}
