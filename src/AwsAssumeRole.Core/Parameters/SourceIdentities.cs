using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Parameters;

/// <summary>
/// STS's rules for <c>SourceIdentity</c>: those of a role session name (2-64 characters of
/// <c>[\w+=,.@-]</c>), and not starting with <c>aws:</c> (reserved by AWS).
/// </summary>
public static class SourceIdentities
{
    /// <summary>Returns the source identity when valid; throws a bad-input error naming the rule otherwise.</summary>
    /// <param name="text">The value as given.</param>
    /// <param name="source">Where it came from, for the message: <c>--source-identity</c> or a profile key.</param>
    public static string Validate(string text, string source = "--source-identity")
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith("aws:", StringComparison.OrdinalIgnoreCase)
            ? throw AssumeRoleException.BadInput($"invalid {source} '{RoleNames.Printable(text)}': the prefix 'aws:' is reserved by AWS")
            : SessionNames.Validate(text, source);
    }
}
