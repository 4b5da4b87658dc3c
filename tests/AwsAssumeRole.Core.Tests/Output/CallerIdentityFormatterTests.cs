using System.Text.Json;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Output;

public sealed class CallerIdentityFormatterTests
{
    [Theory]
    [InlineData("AIDAJDPLRKLG7UEXAMPLE", "123456789012", "arn:aws:iam::123456789012:user/ops/bob")]
    [InlineData("AROA3XFRBF535PLBIFPI4:sschapiro", "123456789012", "arn:aws:sts::123456789012:assumed-role/PowerUser/sschapiro")]
    [InlineData("AROAEXAMPLE:jane+ops@example.com", "210987654321", "arn:aws-us-gov:sts::210987654321:assumed-role/AWSReservedSSO_A+B_0123/jane+ops@example.com")]
    [InlineData("123456789012", "123456789012", "arn:aws:iam::123456789012:root")]
    public void Format_prints_the_document_exactly_like_aws_sts_get_caller_identity(string userId, string account, string arn)
    {
        // Arrange
        var identity = new CallerIdentity(userId, account, arn);

        // Act
        var text = CallerIdentityFormatter.Format(identity);

        // Assert
        Assert.Equal(
            "{\n" +
            $"    \"UserId\": \"{userId}\",\n" +
            $"    \"Account\": \"{account}\",\n" +
            $"    \"Arn\": \"{arn}\"\n" +
            "}\n",
            text);
    }

    [Fact]
    public void Format_does_not_escape_plus_signs_in_ARNs()
    {
        // Arrange
        var identity = new CallerIdentity("AROAEXAMPLE:a+b", "123456789012", "arn:aws:sts::123456789012:assumed-role/Power+User/a+b");

        // Act
        var text = CallerIdentityFormatter.Format(identity);

        // Assert
        Assert.DoesNotContain(@"\u002B", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"Arn\": \"arn:aws:sts::123456789012:assumed-role/Power+User/a+b\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_gives_a_document_a_JSON_reader_reads_back_to_the_same_values()
    {
        // Arrange
        var identity = new CallerIdentity("AROAEXAMPLE:a\"b", "123456789012", "arn:aws:sts::123456789012:assumed-role/Power+User/a\\b");

        // Act
        using var document = JsonDocument.Parse(CallerIdentityFormatter.Format(identity));

        // Assert
        var root = document.RootElement;
        Assert.Equal(["UserId", "Account", "Arn"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(identity.UserId, root.GetProperty("UserId").GetString());
        Assert.Equal(identity.Account, root.GetProperty("Account").GetString());
        Assert.Equal(identity.Arn, root.GetProperty("Arn").GetString());
    }
}
