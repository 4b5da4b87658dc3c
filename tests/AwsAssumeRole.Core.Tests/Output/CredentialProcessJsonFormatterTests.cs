using System.Globalization;
using System.Text.Json;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Output;

public sealed class CredentialProcessJsonFormatterTests
{
    private const string KeyId = "ASIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string Token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+abc=";

    private static readonly AwsCredentials Temporary =
        new(KeyId, Secret, Token, new DateTimeOffset(2026, 11, 28, 17, 2, 3, TimeSpan.FromHours(-8)));

    [Theory]
    [InlineData(null)]
    [InlineData("eu-west-1")]
    public void Format_writes_the_credential_process_document_exactly(string? region)
    {
        // Arrange
        var issued = new IssuedCredentials(Temporary, region);

        // Act
        var text = new CredentialProcessJsonFormatter().Format(issued);

        // Assert
        Assert.Equal(
            "{\n" +
            "  \"Version\": 1,\n" +
            $"  \"AccessKeyId\": \"{KeyId}\",\n" +
            $"  \"SecretAccessKey\": \"{Secret}\",\n" +
            $"  \"SessionToken\": \"{Token}\",\n" +
            "  \"Expiration\": \"2026-11-29T01:02:03Z\"\n" +
            "}\n",
            text);
    }

    [Fact]
    public void Format_leaves_out_token_and_expiration_for_long_term_keys()
    {
        // Arrange
        var issued = new IssuedCredentials(new AwsCredentials("AKIAIOSFODNN7EXAMPLE", Secret, null, null), Region: null);

        // Act
        var text = new CredentialProcessJsonFormatter().Format(issued);

        // Assert
        Assert.Equal(
            "{\n" +
            "  \"Version\": 1,\n" +
            "  \"AccessKeyId\": \"AKIAIOSFODNN7EXAMPLE\",\n" +
            $"  \"SecretAccessKey\": \"{Secret}\"\n" +
            "}\n",
            text);
    }

    [Fact]
    public void Format_gives_a_document_a_JSON_reader_sees_with_an_integer_Version_and_the_same_values()
    {
        // Arrange
        var issued = new IssuedCredentials(Temporary, Region: null);

        // Act
        using var document = JsonDocument.Parse(new CredentialProcessJsonFormatter().Format(issued));

        // Assert
        var root = document.RootElement;
        Assert.Equal(JsonValueKind.Number, root.GetProperty("Version").ValueKind);
        Assert.Equal("1", root.GetProperty("Version").GetRawText());
        Assert.Equal(1, root.GetProperty("Version").GetInt32());
        Assert.Equal(KeyId, root.GetProperty("AccessKeyId").GetString());
        Assert.Equal(Secret, root.GetProperty("SecretAccessKey").GetString());
        Assert.Equal(Token, root.GetProperty("SessionToken").GetString());
        var expiration = DateTimeOffset.Parse(root.GetProperty("Expiration").GetString()!, CultureInfo.InvariantCulture);
        Assert.Equal(Temporary.Expiration, expiration);
        Assert.Equal(TimeSpan.Zero, expiration.Offset);
        Assert.Equal(5, root.EnumerateObject().Count());
    }
}
