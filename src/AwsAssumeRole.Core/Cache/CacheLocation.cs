using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.Cache;

/// <summary>Where the credentials cache lives.</summary>
public static class CacheLocation
{
    /// <summary>The folder's own name under the user's cache folder.</summary>
    public const string FolderName = "aws-assume-role";

    /// <summary>
    /// <c>AWS_ASSUME_ROLE_CACHE_DIR</c>; else <c>$XDG_CACHE_HOME/aws-assume-role</c> (an absolute
    /// <c>XDG_CACHE_HOME</c> only, as the XDG spec says); else <c>~/.cache/aws-assume-role</c>
    /// (<c>%LOCALAPPDATA%\aws-assume-role</c> on Windows). Null when none of these is known.
    /// </summary>
    public static string? Resolve(IEnvironment environment, bool windows)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.Get(EnvironmentVariables.CacheDirectory) is { } explicitDirectory)
        {
            // As the AWS files' variables are read: a leading ~ and $VARIABLES expanded.
            return Path.GetFullPath(Profiles.ProfileFiles.Expand(explicitDirectory, environment));
        }

        if (windows)
        {
            return environment.Get("LOCALAPPDATA") is { } localAppData && Path.IsPathFullyQualified(localAppData)
                ? Path.Combine(localAppData, FolderName)
                : null;
        }

        if (environment.Get("XDG_CACHE_HOME") is { } xdg && Path.IsPathFullyQualified(xdg))
        {
            return Path.Combine(xdg, FolderName);
        }

        return environment.Get("HOME") is { } home && Path.IsPathFullyQualified(home)
            ? Path.Combine(home, ".cache", FolderName)
            : null;
    }
}
