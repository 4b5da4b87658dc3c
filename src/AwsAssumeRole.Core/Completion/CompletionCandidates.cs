using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Profiles;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Completion;

/// <summary>
/// The words shell completion offers for <c>--profile</c> and ROLE. Only files are read: no network,
/// no prompt, nothing written, nothing logged; whatever cannot be read offers nothing.
/// </summary>
public static class CompletionCandidates
{
    /// <summary>The profile names of both files that start with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> Profiles(ProfileFiles files, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return [.. ProfileNames.Read(files).Profiles.Where(name => name.StartsWith(prefix, StringComparison.Ordinal))];
    }

    /// <summary>
    /// Roles that start with <paramref name="prefix"/>: every role ARN in a profile's <c>role_arn</c> and
    /// in the chains of the credentials cache, each both as its ARN and as its bare name (with its path),
    /// sorted, each once.
    /// </summary>
    /// <param name="files">The config and credentials files.</param>
    /// <param name="cacheFolder">The credentials cache folder; null when there is none.</param>
    /// <param name="prefix">What has been typed of the word.</param>
    public static IReadOnlyList<string> Roles(ProfileFiles files, string? cacheFolder, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var arns = new List<string>(ProfileNames.Read(files).RoleArns);
        arns.AddRange(CachedRoles(cacheFolder));

        var words = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in arns)
        {
            if (TryParse(text) is { } arn)
            {
                words.Add(arn.ToString());
                words.Add(arn.PathAndName);
            }
        }

        return [.. words.Where(word => word.StartsWith(prefix, StringComparison.Ordinal))];
    }

    private static IEnumerable<string> CachedRoles(string? cacheFolder)
    {
        if (cacheFolder is null)
        {
            return [];
        }

        try
        {
            // A store that logs nothing: completion never writes to the terminal. List() reads only
            // trusted, valid entries and changes nothing.
            return new CacheStore(cacheFolder, new SilentChainLog(), TimeProvider.System).List().SelectMany(entry => entry.Hop.Roles).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static RoleArn? TryParse(string text)
    {
        try
        {
            return RoleArn.Parse(text);
        }
        catch (Errors.AssumeRoleException)
        {
            return null;
        }
    }
}
