using AwsAssumeRole.Core.Output;

namespace AwsAssumeRole.Core.Tests.Output;

public sealed class FishFormatterTests
{
    [Fact]
    public void Format_writes_one_global_exported_set_per_variable()
    {
        // Arrange
        var issued = FormatterSamples.Issued(region: null);

        // Act
        var text = new FishFormatter().Format(issued);

        // Assert
        Assert.Equal(
            $"set -gx AWS_ACCESS_KEY_ID '{FormatterSamples.KeyId}';\n" +
            $"set -gx AWS_SECRET_ACCESS_KEY '{FormatterSamples.Secret}';\n" +
            $"set -gx AWS_SESSION_TOKEN '{FormatterSamples.Token}';\n" +
            "set -gx AWS_CREDENTIAL_EXPIRATION '2026-11-29T01:02:03Z';\n",
            text);
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", @"'it\'s'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    [InlineData(@"\'", @"'\\\''")]
    [InlineData("$x (y) \"z\"\n", "'$x (y) \"z\"\n'")]
    public void Quote_escapes_backslash_and_single_quote_only(string value, string expected)
    {
        // Act
        var quoted = FishFormatter.Quote(value);

        // Assert
        Assert.Equal(expected, quoted);
    }
}
