using System.Globalization;
using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Core.Roles;

/// <summary>A fully resolved IAM role: <c>arn:PARTITION:iam::ACCOUNT:role/PATH/NAME</c>.</summary>
/// <param name="Partition">aws, aws-cn, aws-us-gov, ...</param>
/// <param name="AccountId">Twelve digits.</param>
/// <param name="PathAndName">The role name, preceded by its path when it has one (<c>team/app/deployer</c>).</param>
public sealed record RoleArn(string Partition, string AccountId, string PathAndName)
{
    /// <summary>The role's name without its path.</summary>
    public string Name => PathAndName[(PathAndName.LastIndexOf('/') + 1)..];

    /// <summary>The ARN in its canonical text form.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"arn:{Partition}:iam::{AccountId}:role/{PathAndName}");

    /// <summary>Parses a role ARN, or throws a bad-input error that says what is wrong.</summary>
    public static RoleArn Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        RoleNames.RejectControlCharacters(text, "role ARN");
        var parts = text.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn")
        {
            throw Bad(text, "expected arn:PARTITION:iam::ACCOUNT:role/NAME");
        }

        var (partition, service, region, account, resource) = (parts[1], parts[2], parts[3], parts[4], parts[5]);
        if (!Partitions.IsKnown(partition))
        {
            throw Bad(text, $"unknown partition '{partition}' (aws, aws-cn, aws-us-gov, ...)");
        }

        if (service != "iam")
        {
            throw Bad(text, $"not an IAM ARN (service '{service}'); a role ARN looks like arn:aws:iam::123456789012:role/NAME");
        }

        if (region.Length != 0)
        {
            throw Bad(text, "IAM ARNs have no region");
        }

        if (!AccountIds.IsValid(account))
        {
            throw Bad(text, "the account must be 12 digits");
        }

        if (!resource.StartsWith("role/", StringComparison.Ordinal))
        {
            var kind = resource.Split('/')[0];
            throw Bad(text, $"not a role (resource type '{kind}')");
        }

        var pathAndName = resource["role/".Length..];
        var problem = RoleNames.Check(pathAndName);
        return problem is null ? new RoleArn(partition, account, pathAndName) : throw Bad(text, problem);
    }

    private static AssumeRoleException Bad(string text, string why) =>
        AssumeRoleException.BadInput($"invalid role ARN '{RoleNames.Printable(text)}': {why}");
}
