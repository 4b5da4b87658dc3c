namespace AwsAssumeRole.Core.Roles;

/// <summary>
/// The ARN of a caller (<c>GetCallerIdentity.Arn</c>) or of an assumed-role session
/// (<c>AssumedRoleUser.Arn</c>): where bare role names resolve, and where session names come from.
/// </summary>
/// <param name="Text">The ARN as AWS returned it.</param>
/// <param name="Partition">Its partition.</param>
/// <param name="AccountId">Its account.</param>
/// <param name="Resource">Everything after the account: <c>user/ops/bob</c>, <c>assumed-role/R/s</c>, <c>root</c>.</param>
public sealed record IdentityArn(string Text, string Partition, string AccountId, string Resource)
{
    /// <summary>The last segment of the resource: the user, session or federated name; <c>root</c> for root.</summary>
    public string LastSegment => Resource[(Resource.LastIndexOf('/') + 1)..];

    /// <summary>Parses an identity ARN returned by STS; null when it is not one.</summary>
    public static IdentityArn? TryParse(string? text)
    {
        if (text is null || text.Any(char.IsControl))
        {
            return null;
        }

        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || !Partitions.IsKnown(parts[1]) || !AccountIds.IsValid(parts[4]) || parts[5].Length == 0)
        {
            return null;
        }

        return new IdentityArn(text, parts[1], parts[4], parts[5]);
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
