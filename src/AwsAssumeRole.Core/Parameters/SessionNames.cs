using System.Text;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Parameters;

/// <summary>STS role session names: derived from the caller, sanitised, or validated when given.</summary>
public static class SessionNames
{
    /// <summary>STS's lower limit.</summary>
    public const int MinLength = 2;

    /// <summary>STS's upper limit.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// The session name for a chain started by <paramref name="caller"/>: the ARN's last segment
    /// (<c>assumed-role/PowerUser/sschapiro</c> gives <c>sschapiro</c>, <c>user/ops/bob</c> gives <c>bob</c>),
    /// made valid for STS.
    /// </summary>
    public static string Derive(IdentityArn caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return Sanitize(caller.LastSegment);
    }

    /// <summary>
    /// Makes any text a valid session name: characters outside <c>[\w+=,.@-]</c> become <c>-</c>,
    /// the result is cut to 64 characters and padded with <c>_</c> to at least 2.
    /// </summary>
    public static string Sanitize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var c in text)
        {
            if (builder.Length == MaxLength)
            {
                break;
            }

            builder.Append(RoleNames.IsNameChar(c) ? c : '-');
        }

        while (builder.Length < MinLength)
        {
            builder.Append('_');
        }

        return builder.ToString();
    }

    /// <summary>Checks a session name the user gave; throws a bad-input error naming the rule broken.</summary>
    public static string Validate(string text, string option = "--session-name")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is < MinLength or > MaxLength)
        {
            throw AssumeRoleException.BadInput(
                $"invalid {option} '{RoleNames.Printable(text)}': it must be {MinLength} to {MaxLength} characters, not {text.Length}");
        }

        if (!text.All(RoleNames.IsNameChar))
        {
            throw AssumeRoleException.BadInput(
                $"invalid {option} '{RoleNames.Printable(text)}': only letters, digits and + = , . @ _ - are allowed");
        }

        return text;
    }
}
