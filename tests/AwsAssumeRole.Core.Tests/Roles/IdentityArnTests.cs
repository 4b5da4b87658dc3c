using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Tests.Roles;

public sealed class IdentityArnTests
{
    [Theory]
    [InlineData("arn:aws:sts::123456789012:assumed-role/PowerUser/sschapiro", "aws", "123456789012", "assumed-role/PowerUser/sschapiro", "sschapiro")]
    [InlineData("arn:aws:iam::123456789012:user/ops/bob", "aws", "123456789012", "user/ops/bob", "bob")]
    [InlineData("arn:aws:sts::123456789012:federated-user/x", "aws", "123456789012", "federated-user/x", "x")]
    [InlineData("arn:aws:iam::123456789012:root", "aws", "123456789012", "root", "root")]
    [InlineData("arn:aws-cn:sts::210987654321:assumed-role/R/s", "aws-cn", "210987654321", "assumed-role/R/s", "s")]
    [InlineData("arn:aws-us-gov:iam::111122223333:user/alice", "aws-us-gov", "111122223333", "user/alice", "alice")]
    public void TryParse_reads_partition_account_and_resource(string text, string partition, string account, string resource, string lastSegment)
    {
        // Act
        var identity = IdentityArn.TryParse(text);

        // Assert
        Assert.NotNull(identity);
        Assert.Equal(partition, identity.Partition);
        Assert.Equal(account, identity.AccountId);
        Assert.Equal(resource, identity.Resource);
        Assert.Equal(lastSegment, identity.LastSegment);
        Assert.Equal(text, identity.Text);
        Assert.Equal(text, identity.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an arn")]
    [InlineData("arn:aws:sts::12345:assumed-role/R/s")]
    [InlineData("arn:aws:sts::1234567890123:assumed-role/R/s")]
    [InlineData("arn:aws-mars:sts::123456789012:assumed-role/R/s")]
    [InlineData("arn:aws:iam::123456789012:")]
    [InlineData("arn:aws:iam:123456789012:user/u")]
    [InlineData("urn:aws:iam::123456789012:user/u")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/R/s\u001b[31m")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/R/s\nINFO: forged")]
    public void TryParse_returns_null_for_anything_that_is_not_an_identity_ARN(string? text)
    {
        // Act
        var identity = IdentityArn.TryParse(text);

        // Assert
        Assert.Null(identity);
    }
}
