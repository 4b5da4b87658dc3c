namespace AwsAssumeRole.Core.Roles;

/// <summary>The AWS partitions an ARN may name.</summary>
public static class Partitions
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
    };

    /// <summary>True when <paramref name="partition"/> is a partition AWS operates.</summary>
    public static bool IsKnown(string partition) => Known.Contains(partition);
}
