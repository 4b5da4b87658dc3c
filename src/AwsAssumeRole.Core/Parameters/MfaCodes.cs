using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Parameters;

/// <summary>MFA device serials and one-time codes, as STS accepts them.</summary>
public static class MfaCodes
{
    /// <summary>The length of a code: exactly six digits.</summary>
    public const int CodeLength = 6;

    /// <summary>
    /// Returns the code when it is exactly six ASCII digits; throws a bad-input error otherwise.
    /// The message never repeats the text: it may be a code typed into the wrong place.
    /// </summary>
    /// <param name="code">The code as given.</param>
    /// <param name="source">Where it came from, for the message: <c>--mfa-code</c>, <c>the MFA code typed at the prompt</c>.</param>
    public static string ValidateCode(string code, string source = "--mfa-code")
    {
        ArgumentNullException.ThrowIfNull(code);
        return code.Length == CodeLength && code.All(char.IsAsciiDigit)
            ? code
            : throw AssumeRoleException.BadInput($"invalid {source}: an MFA code is exactly {CodeLength} digits");
    }

    /// <summary>
    /// Returns the serial when STS would accept it (9-256 characters of letters, digits and
    /// <c>+ = / : , . @ _ -</c>: an MFA device ARN or a hardware token's serial number).
    /// </summary>
    /// <param name="serial">The serial as given.</param>
    /// <param name="source">Where it came from, for the message: <c>--mfa-serial</c> or a profile key.</param>
    public static string ValidateSerial(string serial, string source = "--mfa-serial")
    {
        ArgumentNullException.ThrowIfNull(serial);
        if (serial.Length is < 9 or > 256)
        {
            throw AssumeRoleException.BadInput(
                $"invalid {source} '{RoleNames.Printable(serial)}': it must be 9 to 256 characters (an MFA device ARN such as arn:aws:iam::123456789012:mfa/alice), not {serial.Length}");
        }

        return serial.All(c => RoleNames.IsNameChar(c) || c is '/' or ':')
            ? serial
            : throw AssumeRoleException.BadInput(
                $"invalid {source} '{RoleNames.Printable(serial)}': only letters, digits and + = / : , . @ _ - are allowed");
    }
}
