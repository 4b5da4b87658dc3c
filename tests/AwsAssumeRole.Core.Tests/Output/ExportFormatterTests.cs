using AwsAssumeRole.Core.Output;

namespace AwsAssumeRole.Core.Tests.Output;

public sealed class ExportFormatterTests
{
    [Fact]
    public void Format_writes_one_export_with_a_single_quoted_value_per_variable()
    {
        // Arrange
        var issued = FormatterSamples.Issued();

        // Act
        var text = new ExportFormatter().Format(issued);

        // Assert
        Assert.Equal(
            $"export AWS_ACCESS_KEY_ID='{FormatterSamples.KeyId}'\n" +
            $"export AWS_SECRET_ACCESS_KEY='{FormatterSamples.Secret}'\n" +
            $"export AWS_SESSION_TOKEN='{FormatterSamples.Token}'\n" +
            "export AWS_CREDENTIAL_EXPIRATION='2026-11-29T01:02:03Z'\n" +
            "export AWS_REGION='eu-west-1'\n" +
            "export AWS_DEFAULT_REGION='eu-west-1'\n",
            text);
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("", "''")]
    [InlineData("it's", @"'it'\''s'")]
    [InlineData("''", @"''\'''\'''")]
    [InlineData("$(x) `y` \\ \" \n", "'$(x) `y` \\ \" \n'")]
    public void Quote_keeps_everything_literal_and_escapes_only_the_single_quote(string value, string expected)
    {
        // Act
        var quoted = ExportFormatter.Quote(value);

        // Assert
        Assert.Equal(expected, quoted);
    }
}
