using System.Text;
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
    /// <summary>
    /// The two paths from the environment, expanded as botocore expands them (<c>os.path.expandvars</c>
    /// then <c>expanduser</c>): <c>$NAME</c> and <c>${NAME}</c> become the variable's value (left as
    /// they are when it is unset), then a leading <c>~</c> the home directory.
    /// </summary>
    public static ProfileFiles FromEnvironment(IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new ProfileFiles(
            Expand(environment.Get(EnvironmentVariables.ConfigFile) ?? "~/.aws/config", environment),
            Expand(environment.Get(EnvironmentVariables.SharedCredentialsFile) ?? "~/.aws/credentials", environment));
    }

    /// <summary>Both files, for messages.</summary>
    public string Describe() => $"{ConfigPath} or {CredentialsPath}";

    /// <summary><paramref name="path"/> with variables and a leading <c>~</c> expanded.</summary>
    public static string Expand(string path, IEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(environment);
        path = ExpandVariables(path, environment);
        if (!path.StartsWith('~'))
        {
            return path;
        }

        var end = path.IndexOfAny(['/', '\\'], 1);
        if (end < 0)
        {
            end = path.Length;
        }

        // ~user/... would need the password database; botocore leaves an unknown user as it is, and so do we.
        if (end != 1 || (environment.Get("HOME") ?? environment.Get("USERPROFILE")) is not { } home)
        {
            return path;
        }

        var expanded = home.TrimEnd('/') + path[end..];
        return expanded.Length == 0 ? "/" : expanded;
    }

    // posixpath.expandvars: $NAME or ${NAME}, NAME of ASCII letters, digits and _.
    private static string ExpandVariables(string path, IEnvironment environment)
    {
        if (!path.Contains('$', StringComparison.Ordinal))
        {
            return path;
        }

        var result = new StringBuilder();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] != '$' || i + 1 == path.Length)
            {
                result.Append(path[i++]);
                continue;
            }

            string name;
            int next;
            if (path[i + 1] == '{')
            {
                var close = path.IndexOf('}', i + 2);
                if (close < 0)
                {
                    result.Append(path[i++]);
                    continue;
                }

                name = path[(i + 2)..close];
                next = close + 1;
            }
            else
            {
                next = i + 1;
                while (next < path.Length && (char.IsAsciiLetterOrDigit(path[next]) || path[next] == '_'))
                {
                    next++;
                }

                name = path[(i + 1)..next];
            }

            if (name.Length > 0 && environment.Get(name) is { } value)
            {
                result.Append(value);
            }
            else
            {
                result.Append(path, i, next - i);
            }

            i = next;
        }

        return result.ToString();
    }
}
