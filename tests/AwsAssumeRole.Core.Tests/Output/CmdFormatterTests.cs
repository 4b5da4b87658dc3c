using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Output;

public sealed class CmdFormatterTests
{
    [Fact]
    public void Format_writes_one_set_per_variable_with_CRLF_endings()
    {
        // Arrange
        var issued = FormatterSamples.Issued();

        // Act
        var text = new CmdFormatter().Format(issued);

        // Assert
        Assert.Equal(
            $"set AWS_ACCESS_KEY_ID={FormatterSamples.KeyId}\r\n" +
            $"set AWS_SECRET_ACCESS_KEY={FormatterSamples.Secret}\r\n" +
            $"set AWS_SESSION_TOKEN={FormatterSamples.Token}\r\n" +
            "set AWS_CREDENTIAL_EXPIRATION=2026-11-29T01:02:03Z\r\n" +
            "set AWS_REGION=eu-west-1\r\n" +
            "set AWS_DEFAULT_REGION=eu-west-1\r\n",
            text);
    }

    [Theory]
    [InlineData("a%PATH%b")]
    [InlineData("a&calc")]
    [InlineData("a^b")]
    [InlineData("a\"b")]
    [InlineData("a|b")]
    public void Format_refuses_a_value_cmd_would_interpret(string secret)
    {
        // Arrange
        var issued = new IssuedCredentials(new AwsCredentials(FormatterSamples.KeyId, secret, FormatterSamples.Token, null), null);

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => new CmdFormatter().Format(issued));

        // Assert
        Assert.Equal(ExitCodes.AwsFailure, error.ExitCode);
        Assert.StartsWith("refusing to print AWS_SECRET_ACCESS_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }
}
