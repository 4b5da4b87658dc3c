using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Session;

/// <summary>
/// STS's rules for <c>SourceIdentity</c>: 2-64 characters of <c>[\w+=,.@-]</c>, not starting with
/// <c>aws:</c> (reserved by AWS).
/// </summary>
public static class SourceIdentities
{
    /// <summary>STS's lower limit.</summary>
    public const int MinLength = 2;

    /// <summary>STS's upper limit.</summary>
    public const int MaxLength = 64;

    /// <summary>Returns the source identity when valid; throws a bad-input error naming the rule otherwise.</summary>
    /// <param name="text">The value as given.</param>
    /// <param name="source">Where it came from, for the message: <c>--source-identity</c> or a profile key.</param>
    public static string Validate(string text, string source = "--source-identity")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            throw AssumeRoleException.BadInput($"invalid {source} '{RoleNames.Printable(text)}': the prefix 'aws:' is reserved by AWS");
        }

        if (text.Length is < MinLength or > MaxLength)
        {
            throw AssumeRoleException.BadInput(
                $"invalid {source} '{RoleNames.Printable(text)}': it must be {MinLength} to {MaxLength} characters, not {text.Length}");
        }

        if (!text.All(RoleNames.IsNameChar))
        {
            throw AssumeRoleException.BadInput(
                $"invalid {source} '{RoleNames.Printable(text)}': only letters, digits and + = , . @ _ - are allowed");
        }

        return text;
    }
}
