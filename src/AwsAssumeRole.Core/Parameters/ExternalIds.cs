using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Parameters;

/// <summary>STS's rules for <c>ExternalId</c>: 2-1224 characters of <c>[\w+=,.@:/-]</c>.</summary>
public static class ExternalIds
{
    /// <summary>Returns the external ID when valid; throws a bad-input error naming the rule otherwise.</summary>
    public static string Validate(string text, string option = "--external-id")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is < 2 or > 1224)
        {
            throw AssumeRoleException.BadInput($"invalid {option}: it must be 2 to 1224 characters, not {text.Length}");
        }

        if (!text.All(c => RoleNames.IsNameChar(c) || c is ':' or '/'))
        {
            throw AssumeRoleException.BadInput(
                $"invalid {option} '{RoleNames.Printable(text)}': only letters, digits and + = , . @ : / _ - are allowed");
        }

        return text;
    }
}
