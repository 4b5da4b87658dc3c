using System.Text.Json;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Parameters;

/// <summary>
/// Session policies sent on the last hop: an inline JSON policy (<c>--policy</c>) and managed policy
/// ARNs (<c>--policy-arn</c>). The session gets at most the intersection of the role's permissions
/// and these.
/// </summary>
public static class SessionPolicies
{
    private static readonly System.Buffers.SearchValues<char> PolicyCharacters =
        System.Buffers.SearchValues.Create("\t\n\r" + string.Concat(Enumerable.Range(0x20, 0xe0).Select(i => (char)i)));

    /// <summary>STS's limit on the inline policy's plain text.</summary>
    public const int MaxPolicyLength = 2048;

    /// <summary>STS's limit on the number of managed policy ARNs.</summary>
    public const int MaxPolicyArns = 10;

    /// <summary>
    /// The most a <c>--policy</c> file may hold: 2048 characters of at most two bytes each in UTF-8,
    /// and as much again for white space around them. Nothing beyond this (plus one byte) is read.
    /// </summary>
    public const int MaxPolicyFileBytes = 4 * MaxPolicyLength;

    /// <summary>
    /// Reads a <c>--policy</c> file: a regular file (not a FIFO or a device), opened without
    /// blocking, of at most <see cref="MaxPolicyFileBytes"/>.
    /// </summary>
    public static string ReadPolicyFile(string path) => BoundedFile.ReadAllText(path, MaxPolicyFileBytes);

    /// <summary>
    /// The inline policy for <c>--policy FILE_OR_JSON</c>: text starting with <c>{</c> (or <c>[</c>) is the
    /// JSON itself, anything else names a file (a <c>file://</c> prefix is allowed, as in the AWS CLI).
    /// It must be a JSON object of at most 2048 characters (surrounding white space aside) made of
    /// the characters STS accepts: tab, line feed, carriage return and U+0020 to U+00FF.
    /// </summary>
    /// <param name="fileOrJson">The option's value.</param>
    /// <param name="readFile">Reads a file's text; throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> on failure.</param>
    public static string LoadPolicy(string fileOrJson, Func<string, string> readFile)
    {
        ArgumentNullException.ThrowIfNull(fileOrJson);
        ArgumentNullException.ThrowIfNull(readFile);
        string text;
        if (fileOrJson.TrimStart() is ['{' or '[', ..])
        {
            text = fileOrJson;
        }
        else
        {
            var path = fileOrJson.StartsWith("file://", StringComparison.Ordinal) ? fileOrJson["file://".Length..] : fileOrJson;
            try
            {
                text = readFile(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw AssumeRoleException.BadInput(
                    $"invalid --policy '{RoleNames.Printable(fileOrJson)}': it is neither JSON (starting with '{{') nor a readable file: {SystemErrors.Describe(e)}");
            }
        }

        return ValidatePolicy(text.Trim());
    }

    /// <summary>Checks an inline policy's text; returns it unchanged when valid.</summary>
    public static string ValidatePolicy(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxPolicyLength)
        {
            throw AssumeRoleException.BadInput($"invalid --policy: STS accepts at most {MaxPolicyLength} characters, not {text.Length}");
        }

        var bad = text.AsSpan().IndexOfAnyExcept(PolicyCharacters);
        if (bad >= 0)
        {
            throw AssumeRoleException.BadInput(
                $"invalid --policy: the character U+{(int)text[bad]:X4} is not allowed (STS accepts tab, line breaks and U+0020 to U+00FF)");
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw AssumeRoleException.BadInput("invalid --policy: a policy is a JSON object ({\"Version\": ..., \"Statement\": [...]})");
            }
        }
        catch (JsonException e)
        {
            // The parser's own message is a resource key in the trimmed native binary: say where instead.
            throw AssumeRoleException.BadInput($"invalid --policy: not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1} of that line)");
        }

        return text;
    }

    /// <summary>
    /// Checks <c>--policy-arn</c> values: at most 10, each a managed policy ARN
    /// (<c>arn:aws:iam::aws:policy/ReadOnlyAccess</c>, <c>arn:aws:iam::123456789012:policy/path/name</c>).
    /// </summary>
    public static IReadOnlyList<string> ValidatePolicyArns(IReadOnlyList<string> arns)
    {
        ArgumentNullException.ThrowIfNull(arns);
        if (arns.Count > MaxPolicyArns)
        {
            throw AssumeRoleException.BadInput($"too many --policy-arn options: STS accepts at most {MaxPolicyArns}, not {arns.Count}");
        }

        foreach (var arn in arns)
        {
            if (CheckPolicyArn(arn) is { } problem)
            {
                throw AssumeRoleException.BadInput($"invalid --policy-arn '{RoleNames.Printable(arn)}': {problem}");
            }
        }

        return arns;
    }

    private static string? CheckPolicyArn(string arn)
    {
        if (arn.Length is < 20 or > 2048)
        {
            return $"it must be 20 to 2048 characters, not {arn.Length}";
        }

        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam" || parts[3].Length != 0)
        {
            return "expected arn:PARTITION:iam::ACCOUNT:policy/NAME";
        }

        if (!Partitions.IsKnown(parts[1]))
        {
            return $"unknown partition '{parts[1]}' (aws, aws-cn, aws-us-gov, ...)";
        }

        if (parts[4] != "aws" && !AccountIds.IsValid(parts[4]))
        {
            return "the account must be 12 digits, or 'aws' for an AWS managed policy";
        }

        if (!parts[5].StartsWith("policy/", StringComparison.Ordinal) || parts[5].Length == "policy/".Length)
        {
            return "not a policy (expected policy/NAME after the account)";
        }

        return parts[5].Any(c => c is <= ' ' or > '~') ? "only printable ASCII characters are allowed" : null;
    }
}
