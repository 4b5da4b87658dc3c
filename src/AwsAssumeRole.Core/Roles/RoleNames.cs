using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Text;

namespace AwsAssumeRole.Core.Roles;

/// <summary>IAM's rules for role names and paths, and safe echoing of user text.</summary>
public static class RoleNames
{
    /// <summary>IAM's limit on a role name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>IAM's limit on a path, slashes included.</summary>
    public const int MaxPathLength = 512;

    /// <summary>
    /// Checks <c>[path/]name</c> against IAM's rules: name 1-64 of <c>[A-Za-z0-9+=,.@_-]</c>;
    /// each path segment non-empty printable ASCII. Returns the problem, or null when valid.
    /// </summary>
    public static string? Check(string pathAndName)
    {
        if (pathAndName.Length == 0)
        {
            return "the role name is empty";
        }

        var slash = pathAndName.LastIndexOf('/');
        var name = pathAndName[(slash + 1)..];
        if (name.Length == 0)
        {
            return "the role name is empty";
        }

        if (name.Length > MaxNameLength)
        {
            return $"the role name is {name.Length} characters long; IAM allows at most {MaxNameLength}";
        }

        if (!name.All(IsNameChar))
        {
            return "a role name may contain only letters, digits and + = , . @ _ -";
        }

        if (slash < 0)
        {
            return null;
        }

        var path = pathAndName[..slash];
        if (path.Length + 2 > MaxPathLength)
        {
            return $"the role path is longer than {MaxPathLength} characters";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "the role path has an empty segment ('//' or a leading '/')";
            }

            if (!segment.All(c => c is > ' ' and <= '~'))
            {
                return "a role path may contain only printable ASCII characters";
            }
        }

        return null;
    }

    /// <summary>True for the characters IAM and STS allow in names: <c>[\w+=,.@-]</c>, ASCII only.</summary>
    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-';

    /// <summary>Rejects text holding control characters, which no AWS identifier contains.</summary>
    public static void RejectControlCharacters(string text, string what)
    {
        if (text.Any(char.IsControl))
        {
            throw AssumeRoleException.BadInput($"invalid {what} '{Printable(text)}': it contains control characters");
        }
    }

    /// <summary>Text safe to echo on a terminal (see <see cref="PrintableText"/>), cut to 200 characters.</summary>
    public static string Printable(string text) => PrintableText.Escape(text, 200);
}
