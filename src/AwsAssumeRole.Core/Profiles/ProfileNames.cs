using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Core.Profiles;

/// <summary>
/// What the config and credentials files offer to shell completion: the profile names and the
/// <c>role_arn</c> values. Read with the same reader and the same naming rules as
/// <see cref="ProfileStore"/>, so the two agree on what a profile is. Never throws: a file that is
/// missing, unreadable or malformed offers nothing, and the other file still counts (completion
/// must stay silent).
/// </summary>
public static class ProfileNames
{
    /// <summary>The profiles of both files, and the <c>role_arn</c> values they hold, each sorted and listed once.</summary>
    public static ProfileListing Read(ProfileFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        var roleArns = new SortedSet<string>(StringComparer.Ordinal);
        Collect(() => ProfileStore.ConfigProfiles(IniFile.Read(files.ConfigPath) ?? []), names, roleArns);
        Collect(() => (IniFile.Read(files.CredentialsPath) ?? []).ToDictionary(s => s.Name, StringComparer.Ordinal), names, roleArns);
        return new ProfileListing([.. names], [.. roleArns]);
    }

    private static void Collect(Func<IReadOnlyDictionary<string, IniSection>> read, SortedSet<string> names, SortedSet<string> roleArns)
    {
        IReadOnlyDictionary<string, IniSection> profiles;
        try
        {
            profiles = read();
        }
        catch (AssumeRoleException)
        {
            return;
        }

        foreach (var (name, section) in profiles)
        {
            if (name.Length == 0 || name.Any(char.IsWhiteSpace))
            {
                continue;
            }

            names.Add(name);
            if (section.Keys.TryGetValue("role_arn", out var value) && value.Trim() is { Length: > 0 } arn)
            {
                roleArns.Add(arn);
            }
        }
    }
}

/// <summary>What <see cref="ProfileNames.Read"/> found.</summary>
/// <param name="Profiles">Profile names, sorted, each once.</param>
/// <param name="RoleArns">The <c>role_arn</c> values as written, sorted, each once (not validated).</param>
public sealed record ProfileListing(IReadOnlyList<string> Profiles, IReadOnlyList<string> RoleArns);
