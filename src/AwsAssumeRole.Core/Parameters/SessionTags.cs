using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Parameters;

/// <summary>One session tag (<c>--tag KEY=VALUE</c>).</summary>
/// <param name="Key">The tag key.</param>
/// <param name="Value">The tag value; may be empty.</param>
public sealed record SessionTag(string Key, string Value);

/// <summary>
/// The session tags of a chain and the keys among them that are transitive (they stay on every
/// later hop of a role chain).
/// </summary>
/// <param name="Tags">The tags, in the order given.</param>
/// <param name="TransitiveKeys">Keys of <paramref name="Tags"/> that are transitive, spelled as in the tag.</param>
public sealed record SessionTagSet(IReadOnlyList<SessionTag> Tags, IReadOnlyList<string> TransitiveKeys)
{
    /// <summary>No tags.</summary>
    public static SessionTagSet Empty { get; } = new([], []);

    /// <summary>True when there is no tag.</summary>
    public bool IsEmpty => Tags.Count == 0;
}

/// <summary>
/// STS's rules for session tags: at most 50 tags, keys of 1-128 and values of 0-256 characters of
/// letters, digits, white space and <c>_ . : / = + - @</c>, keys not starting with <c>aws:</c>, no key
/// twice (ignoring case); at most 50 transitive keys, each naming a given tag.
/// </summary>
public static class SessionTags
{
    /// <summary>STS's limit on the number of session tags (and of transitive keys).</summary>
    public const int MaxTags = 50;

    /// <summary>STS's limit on a tag key.</summary>
    public const int MaxKeyLength = 128;

    /// <summary>STS's limit on a tag value.</summary>
    public const int MaxValueLength = 256;

    /// <summary>Parses and checks <c>--tag KEY=VALUE</c> and <c>--transitive-tag KEY</c> values.</summary>
    public static SessionTagSet Parse(IReadOnlyList<string> tags, IReadOnlyList<string> transitiveKeys)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(transitiveKeys);
        if (tags.Count > MaxTags)
        {
            throw AssumeRoleException.BadInput($"too many --tag options: STS accepts at most {MaxTags} session tags, not {tags.Count}");
        }

        var parsed = new List<SessionTag>(tags.Count);
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var text in tags)
        {
            var tag = ParseOne(text);
            if (!keys.TryAdd(tag.Key, tag.Key))
            {
                throw AssumeRoleException.BadInput($"invalid --tag '{RoleNames.Printable(text)}': the key '{RoleNames.Printable(tag.Key)}' is given twice (tag keys ignore case)");
            }

            parsed.Add(tag);
        }

        if (transitiveKeys.Count > MaxTags)
        {
            throw AssumeRoleException.BadInput($"too many --transitive-tag options: STS accepts at most {MaxTags}, not {transitiveKeys.Count}");
        }

        var transitive = new List<string>(transitiveKeys.Count);
        foreach (var key in transitiveKeys)
        {
            if (!keys.TryGetValue(key, out var spelled))
            {
                throw AssumeRoleException.BadInput(
                    $"invalid --transitive-tag '{RoleNames.Printable(key)}': it must name the key of a --tag KEY=VALUE given too");
            }

            if (transitive.Contains(spelled, StringComparer.OrdinalIgnoreCase))
            {
                throw AssumeRoleException.BadInput($"invalid --transitive-tag '{RoleNames.Printable(key)}': the key is given twice");
            }

            transitive.Add(spelled);
        }

        return new SessionTagSet(parsed, transitive);
    }

    private static SessionTag ParseOne(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw AssumeRoleException.BadInput($"invalid --tag '{RoleNames.Printable(text)}': expected KEY=VALUE");
        }

        var (key, value) = (text[..equals], text[(equals + 1)..]);
        if (key.Length is 0 or > MaxKeyLength)
        {
            throw AssumeRoleException.BadInput($"invalid --tag '{RoleNames.Printable(text)}': the key must be 1 to {MaxKeyLength} characters, not {key.Length}");
        }

        if (value.Length > MaxValueLength)
        {
            throw AssumeRoleException.BadInput($"invalid --tag '{RoleNames.Printable(text)}': the value must be at most {MaxValueLength} characters, not {value.Length}");
        }

        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            throw AssumeRoleException.BadInput($"invalid --tag '{RoleNames.Printable(text)}': the key prefix 'aws:' is reserved by AWS");
        }

        if (!key.All(IsTagChar) || !value.All(IsTagChar))
        {
            throw AssumeRoleException.BadInput(
                $"invalid --tag '{RoleNames.Printable(text)}': only letters, digits, spaces and _ . : / = + - @ are allowed");
        }

        return new SessionTag(key, value);
    }

    // STS: [\p{L}\p{Z}\p{N}_.:/=+\-@]
    private static bool IsTagChar(char c) =>
        char.IsLetter(c) || char.IsNumber(c) || char.IsSeparator(c) || c is '_' or '.' or ':' or '/' or '=' or '+' or '-' or '@';
}
