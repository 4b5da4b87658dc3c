using AwsAssumeRole.Core.Output;

namespace AwsAssumeRole.Core.Tests.Output;

public sealed class PowerShellFormatterTests
{
    [Fact]
    public void Format_writes_one_Env_assignment_per_variable_with_LF_endings()
    {
        // Arrange
        var issued = FormatterSamples.Issued();

        // Act
        var text = new PowerShellFormatter().Format(issued);

        // Assert
        Assert.Equal(
            $"$Env:AWS_ACCESS_KEY_ID = '{FormatterSamples.KeyId}'\n" +
            $"$Env:AWS_SECRET_ACCESS_KEY = '{FormatterSamples.Secret}'\n" +
            $"$Env:AWS_SESSION_TOKEN = '{FormatterSamples.Token}'\n" +
            "$Env:AWS_CREDENTIAL_EXPIRATION = '2026-11-29T01:02:03Z'\n" +
            "$Env:AWS_REGION = 'eu-west-1'\n" +
            "$Env:AWS_DEFAULT_REGION = 'eu-west-1'\n",
            text);
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("\u2018a\u2019b\u201Ac\u201B", "'\u2018\u2018a\u2019\u2019b\u201A\u201Ac\u201B\u201B'")]
    [InlineData("$Env:HOME `n \"x\"", "'$Env:HOME `n \"x\"'")]
    public void Quote_doubles_every_kind_of_single_quote_and_nothing_else(string value, string expected)
    {
        // Act
        var quoted = PowerShellFormatter.Quote(value);

        // Assert
        Assert.Equal(expected, quoted);
    }
}
