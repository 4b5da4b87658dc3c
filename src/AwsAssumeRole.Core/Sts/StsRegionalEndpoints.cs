using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Sts;

/// <summary>
/// <c>sts_regional_endpoints</c> / <c>AWS_STS_REGIONAL_ENDPOINTS</c>: <c>regional</c> (the default here,
/// as in the AWS CLI v2 and current SDKs) sends calls to the region's own STS endpoint; <c>legacy</c>
/// (the AWS CLI v1 default) sends calls for the regions that existed before regional STS to the
/// global endpoint, <c>sts.amazonaws.com</c>, signed for us-east-1.
/// </summary>
public static class StsRegionalEndpoints
{
    /// <summary>The regions <c>legacy</c> sends to the global endpoint (botocore's list).</summary>
    public static readonly IReadOnlySet<string> LegacyGlobalRegions = new HashSet<string>(StringComparer.Ordinal)
    {
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1",
        "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    };

    /// <summary>True when <paramref name="setting"/> is <c>legacy</c>; false for <c>regional</c> or none; bad input otherwise.</summary>
    public static bool IsLegacy(string? setting, string source) => setting switch
    {
        null or "regional" => false,
        "legacy" => true,
        _ => throw AssumeRoleException.BadInput($"invalid sts_regional_endpoints '{RoleNames.Printable(setting)}' from {source}: choose legacy or regional"),
    };
}
