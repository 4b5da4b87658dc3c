using Amazon.Runtime.Internal.Util;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// What the config and credentials files offer to shell completion: the profile names and the
/// <c>role_arn</c> values. Read with the same INI reader as <see cref="ProfileStore"/>, so the two
/// agree on what a profile is. Never throws: a file that is missing, unreadable or not valid INI
/// offers nothing, and the other file still counts (completion must stay silent).
/// </summary>
public static class ProfileNames
{
    private const string DefaultProfile = "default";

    /// <summary>The profiles of both files, and the <c>role_arn</c> values they hold, each sorted and listed once.</summary>
    public static ProfileListing Read(ProfileFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var roleArns = new SortedSet<string>(StringComparer.Ordinal);

        // The config file names profiles [profile NAME], and the default [default] too; its other
        // sections ([sso-session X], [services X], [plain]) are not profiles.
        if (Open(files.ConfigPath, profileMarkerRequired: true) is { } config)
        {
            Collect(config, config.ListSectionNames(), names, roleArns);
            config.ProfileMarkerRequired = false;
            if (config.TryGetSection(DefaultProfile, false, false, out var section, out _))
            {
                names.Add(DefaultProfile);
                AddRoleArn(section, roleArns);
            }
        }

        // The credentials file names profiles [NAME].
        if (Open(files.CredentialsPath, profileMarkerRequired: false) is { } credentials)
        {
            Collect(credentials, credentials.ListSectionNames(), names, roleArns);
        }

        return new ProfileListing([.. names], [.. roleArns]);
    }

    private static void Collect(ProfileIniFile file, IEnumerable<string> sections, SortedSet<string> names, SortedSet<string> roleArns)
    {
        foreach (var name in sections)
        {
            if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            {
                continue;
            }

            names.Add(name);
            if (file.TryGetSection(name, false, false, out var section, out _))
            {
                AddRoleArn(section, roleArns);
            }
        }
    }

    private static void AddRoleArn(Dictionary<string, string>? section, SortedSet<string> roleArns)
    {
        var value = section?.FirstOrDefault(pair => string.Equals(pair.Key, "role_arn", StringComparison.OrdinalIgnoreCase)).Value?.Trim();
        if (!string.IsNullOrEmpty(value))
        {
            roleArns.Add(value);
        }
    }

    private static ProfileIniFile? Open(string path, bool profileMarkerRequired)
    {
        try
        {
            return File.Exists(path) ? new ProfileIniFile(path, profileMarkerRequired) : null;
        }
#pragma warning disable CA1031 // Completion offers what it can: any failure to read a file means that file offers nothing.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}

/// <summary>What <see cref="ProfileNames.Read"/> found.</summary>
/// <param name="Profiles">Profile names, sorted, each once.</param>
/// <param name="RoleArns">The <c>role_arn</c> values as written, sorted, each once (not validated).</param>
public sealed record ProfileListing(IReadOnlyList<string> Profiles, IReadOnlyList<string> RoleArns);
