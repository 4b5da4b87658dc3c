using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.SignIn;

namespace AwsAssumeRole.Core.Tests.SignIn;

public sealed class ConsolePartitionTests
{
    [Theory]
    [InlineData("aws", "https://signin.aws.amazon.com/federation", "console.aws.amazon.com")]
    [InlineData("aws-cn", "https://signin.amazonaws.cn/federation", "console.amazonaws.cn")]
    [InlineData("aws-us-gov", "https://signin.amazonaws-us-gov.com/federation", "console.amazonaws-us-gov.com")]
    public void For_gives_each_public_partitions_sign_in_and_console_hosts(string partition, string federation, string console)
    {
        // Act
        var found = ConsolePartition.For(partition);

        // Assert
        Assert.Equal((new Uri(federation), console), (found.Federation, found.ConsoleHost));
    }

    [Theory]
    [InlineData("aws-iso")]
    [InlineData("aws-iso-b")]
    [InlineData("aws-eusc")]
    public void For_refuses_partitions_without_a_public_console(string partition)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => ConsolePartition.For(partition));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith($"the credentials at the end of the chain are in the partition {partition}, which has no public console sign-in", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "https://console.aws.amazon.com/console/home")]
    [InlineData(null, "eu-west-1", "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1")]
    [InlineData("cloudformation", null, "https://console.aws.amazon.com/cloudformation/home")]
    [InlineData("s3", "us-east-2", "https://us-east-2.console.aws.amazon.com/s3/home?region=us-east-2")]
    [InlineData("https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:", "us-east-2", "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:")]
    public void Destination_is_the_console_home_a_service_page_or_a_console_URL(string? destination, string? region, string expected)
    {
        // Act
        var url = ConsolePartition.For("aws").Destination(destination, region);

        // Assert
        Assert.Equal(expected, url.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://evil.example/console.aws.amazon.com")]
    [InlineData("https://console.aws.amazon.com.evil.example/")]
    [InlineData("http://console.aws.amazon.com/")]
    [InlineData("https://user:pw@console.aws.amazon.com/")]
    [InlineData("S3")]
    [InlineData("s3 home")]
    public void Destination_refuses_what_is_not_this_partitions_console(string destination)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => ConsolePartition.For("aws").Destination(destination, null));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.DoesNotContain("pw@", error.Message, StringComparison.Ordinal);
    }
}
