using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Core.Output;

/// <summary>
/// The last check before a value is printed. STS hands out keys, secrets and tokens made of
/// letters, digits and <c>+/=</c>; expirations are <c>2026-11-29T01:02:03Z</c>; regions are
/// <c>[a-z0-9-]</c>; <c>serve</c>'s URL is <c>http://127.0.0.1:PORT/credentials</c>. A value outside that set did not come from STS as it should, and printing it
/// unquoted could split a line or run code in the reader's shell: refuse it instead (exit 1).
/// Messages name the variable and the character, never the value.
/// </summary>
public static class PrintableValues
{
    /// <summary>True for the characters that survive unquoted in <c>eval $(...)</c>, docker <c>--env-file</c> and cmd's <c>set</c>.</summary>
    public static bool IsUnquotedSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=' or ':' or '-' or '.';

    /// <summary>Throws unless every character of <paramref name="value"/> is <see cref="IsUnquotedSafe"/>.</summary>
    public static string RequireUnquotedSafe(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            throw AssumeRoleException.AwsFailure($"refusing to print {key}: its value is empty; nothing was printed");
        }

        foreach (var c in value)
        {
            if (!IsUnquotedSafe(c))
            {
                throw Refused(key, c, "that would not survive unquoted");
            }
        }

        return value;
    }

    /// <summary>Throws when <paramref name="value"/> holds a NUL, which no environment variable can.</summary>
    public static void RejectNul(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw Refused(key, '\0', "that no environment variable can hold");
        }
    }

    private static AssumeRoleException Refused(string key, char c, string why) =>
        AssumeRoleException.AwsFailure(
            $"refusing to print {key}: its value holds the character U+{(int)c:X4}, {why}; nothing was printed",
            "STS never issues such a value: check that --endpoint-url (or AWS_ENDPOINT_URL_STS) points at STS, or use --format json");
}
