using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Core.Roles;

/// <summary>
/// One hop as the user wrote it: a full role ARN, or a bare <c>[path/]name</c> that means that
/// role in the account and partition of the credentials current at that hop.
/// </summary>
public sealed record RoleReference
{
    private RoleReference(string text, RoleArn? arn)
    {
        Text = text;
        Arn = arn;
    }

    /// <summary>The reference exactly as given.</summary>
    public string Text { get; }

    /// <summary>The role when the reference is a full ARN; null for a bare name.</summary>
    public RoleArn? Arn { get; }

    /// <summary>True when the reference is a bare name, resolved against the current identity.</summary>
    public bool IsBareName => Arn is null;

    /// <summary>Parses one ROLE argument. Only a value starting with <c>arn:</c> is an ARN.</summary>
    public static RoleReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return new RoleReference(text, RoleArn.Parse(text));
        }

        RoleNames.RejectControlCharacters(text, "role name");
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // IAM paths may hold ':', but a bare name with one is nearly always a mistyped ARN.
            throw AssumeRoleException.BadInput(
                $"invalid role name '{RoleNames.Printable(text)}': it contains ':'; a role ARN starts with lowercase 'arn:'");
        }

        var problem = RoleNames.Check(text);
        return problem is null
            ? new RoleReference(text, null)
            : throw AssumeRoleException.BadInput($"invalid role name '{RoleNames.Printable(text)}': {problem}");
    }

    /// <summary>The role this reference names when the current identity is <paramref name="current"/> (needed only for a bare name).</summary>
    public RoleArn Resolve(IdentityArn? current)
    {
        if (Arn is not null)
        {
            return Arn;
        }

        ArgumentNullException.ThrowIfNull(current);
        return new RoleArn(current.Partition, current.AccountId, Text);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
