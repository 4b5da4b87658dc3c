using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Tests.Roles;

public sealed class RoleArnTests
{
    private static readonly string Name64 = new('r', 64);
    private static readonly string Name65 = new('r', 65);

    [Theory]
    [InlineData("arn:aws:iam::123456789012:role/deployer", "aws", "123456789012", "deployer", "deployer")]
    [InlineData("arn:aws-cn:iam::123456789012:role/deployer", "aws-cn", "123456789012", "deployer", "deployer")]
    [InlineData("arn:aws-us-gov:iam::123456789012:role/deployer", "aws-us-gov", "123456789012", "deployer", "deployer")]
    [InlineData("arn:aws:iam::123456789012:role/team/app/deployer", "aws", "123456789012", "team/app/deployer", "deployer")]
    [InlineData("arn:aws-cn:iam::210987654321:role/team/app/deployer", "aws-cn", "210987654321", "team/app/deployer", "deployer")]
    [InlineData("arn:aws-us-gov:iam::000000000001:role/team/app/deployer", "aws-us-gov", "000000000001", "team/app/deployer", "deployer")]
    [InlineData("arn:aws:iam::123456789012:role/a+b=c,d.e@f_g-h", "aws", "123456789012", "a+b=c,d.e@f_g-h", "a+b=c,d.e@f_g-h")]
    public void Parse_accepts_role_ARNs_with_and_without_paths_in_every_partition(
        string text, string partition, string account, string pathAndName, string name)
    {
        // Act
        var arn = RoleArn.Parse(text);

        // Assert
        Assert.Equal(partition, arn.Partition);
        Assert.Equal(account, arn.AccountId);
        Assert.Equal(pathAndName, arn.PathAndName);
        Assert.Equal(name, arn.Name);
        Assert.Equal(text, arn.ToString());
    }

    [Fact]
    public void Parse_accepts_a_role_name_of_exactly_64_characters()
    {
        // Arrange
        var text = "arn:aws:iam::123456789012:role/team/" + Name64;

        // Act
        var arn = RoleArn.Parse(text);

        // Assert
        Assert.Equal(Name64, arn.Name);
    }

    public static TheoryData<string, string> InvalidArns => new()
    {
        { "arn:aws:iam::12345:role/x", "the account must be 12 digits" },
        { "arn:aws:iam::1234567890123:role/x", "the account must be 12 digits" },
        { "arn:aws:iam::12345678901a:role/x", "the account must be 12 digits" },
        { "arn:aws:s3:::bucket", "not an IAM ARN (service 's3')" },
        { "arn:aws:sts::123456789012:assumed-role/R/s", "not an IAM ARN (service 'sts')" },
        { "arn:aws:iam::123456789012:user/u", "not a role (resource type 'user')" },
        { "arn:aws:iam::123456789012:root", "not a role (resource type 'root')" },
        { "arn:aws:iam::123456789012:role/", "the role name is empty" },
        { "arn:aws:iam::123456789012:role/team/", "the role name is empty" },
        { "arn:aws:iam::123456789012:role/" + Name65, "the role name is 65 characters long; IAM allows at most 64" },
        { "arn:aws:iam::123456789012:role/team/" + Name65, "the role name is 65 characters long; IAM allows at most 64" },
        { "arn:aws:iam::123456789012:role/dep\tloyer", "it contains control characters" },
        { "arn:aws:iam::123456789012:role/deployer\n", "it contains control characters" },
        { "arn:aws:iam::123456789012:role/\u001b[31mdeployer", "it contains control characters" },
        { "arn:aws:iam::123456789012:role/deployer\0", "it contains control characters" },
        { "arn:aws-mars:iam::123456789012:role/x", "unknown partition 'aws-mars'" },
        { "arn:AWS:iam::123456789012:role/x", "unknown partition 'AWS'" },
        { "arn::iam::123456789012:role/x", "unknown partition ''" },
        { "arn:aws:iam:us-east-1:123456789012:role/x", "IAM ARNs have no region" },
        { "arn:aws:iam::123456789012:role/team//deployer", "empty segment" },
        { "arn:aws:iam::123456789012:role//deployer", "empty segment" },
        { "arn:aws:iam::123456789012:role/dep loyer", "only letters, digits" },
        { "arn:aws:iam::123456789012:role/dep:loyer", "only letters, digits" },
        { "arn:aws:iam::123456789012:role/t\u00e9am/deployer", "printable ASCII" },
        { "arn:aws:iam::123456789012", "expected arn:PARTITION:iam::ACCOUNT:role/NAME" },
        { "arn:", "expected arn:PARTITION:iam::ACCOUNT:role/NAME" },
    };

    [Theory]
    [MemberData(nameof(InvalidArns))]
    public void Parse_rejects_every_malformed_ARN_as_bad_input_saying_why(string text, string reason)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => RoleArn.Parse(text));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid role ARN '", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\t", @"\x09")]
    [InlineData("\n", @"\x0a")]
    [InlineData("\u001b", @"\x1b")]
    [InlineData("\0", @"\x00")]
    public void Parse_echoes_control_characters_escaped_never_raw(string control, string escaped)
    {
        // Arrange
        var text = "arn:aws:iam::123456789012:role/a" + control + "b";

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => RoleArn.Parse(text));

        // Assert
        Assert.DoesNotContain(control, error.Message, StringComparison.Ordinal);
        Assert.Contains("role/a" + escaped + "b", error.Message, StringComparison.Ordinal);
    }
}
