namespace AwsAssumeRole.Tests.Infrastructure;

/// <summary>IAM policy documents for setting moto up with authorization on.</summary>
public static class IamPolicies
{
    /// <summary>An identity policy allowing sts:AssumeRole and sts:GetCallerIdentity on anything.</summary>
    public const string AllowAssumeRole = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:AssumeRole","sts:GetCallerIdentity"],"Resource":"*"}]}""";

    /// <summary>A trust policy letting <paramref name="principal"/> assume the role, with this external ID when given.</summary>
    public static string Trust(string principal, string? externalId = null)
    {
        var condition = externalId is null ? string.Empty : ""","Condition":{"StringEquals":{"sts:ExternalId":""" + "\"" + externalId + "\"}}";
        return $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{principal}}"},"Action":"sts:AssumeRole"{{condition}}}]}""";
    }
}
