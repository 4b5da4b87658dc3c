using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Sts;

public sealed class AwsCredentialsTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string Token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+abc=";

    public static TheoryData<AwsCredentials> Credentials =>
    [
        new AwsCredentials("ASIAIOSFODNN7EXAMPLE", Secret, Token, new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero)),
        new AwsCredentials("AKIAIOSFODNN7EXAMPLE", Secret, null, null),
    ];

    [Theory]
    [MemberData(nameof(Credentials))]
    public void ToString_never_shows_the_secret_or_the_token(AwsCredentials credentials)
    {
        // Act
        var text = credentials.ToString();
        var interpolated = $"using {credentials}";

        // Assert
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, interpolated, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, interpolated, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.AccessKeyId, text, StringComparison.Ordinal);
        Assert.Contains("****MPLE", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_of_a_record_holding_credentials_does_not_show_them_either()
    {
        // Arrange
        var assumed = new AssumedRole(
            new AwsCredentials("ASIAIOSFODNN7EXAMPLE", Secret, Token, null),
            "arn:aws:sts::123456789012:assumed-role/R/s");

        // Act
        var text = assumed.ToString();

        // Assert
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.Contains("****MPLE", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ASIAIOSFODNN7EXAMPLE", "****MPLE")]
    [InlineData("ABCDE", "****BCDE")]
    [InlineData("ABCD", "****")]
    [InlineData("", "****")]
    public void MaskedAccessKeyId_shows_at_most_the_last_four_characters(string keyId, string expected)
    {
        // Arrange
        var credentials = new AwsCredentials(keyId, Secret, null, null);

        // Act
        var masked = credentials.MaskedAccessKeyId;

        // Assert
        Assert.Equal(expected, masked);
    }

    [Theory]
    [InlineData(Token, true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsTemporary_is_true_only_with_a_session_token(string? token, bool expected)
    {
        // Arrange
        var credentials = new AwsCredentials("ASIAIOSFODNN7EXAMPLE", Secret, token, null);

        // Act
        var temporary = credentials.IsTemporary;

        // Assert
        Assert.Equal(expected, temporary);
    }
}
