using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Output;

public sealed class EnvFormatterTests
{
    private const string KeyId = "ASIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string Token = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+abc=";

    private static AwsCredentials Temporary(DateTimeOffset expiration) => new(KeyId, Secret, Token, expiration);

    public static TheoryData<DateTimeOffset> SameInstantInDifferentOffsets =>
    [
        new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero),
        new DateTimeOffset(2026, 11, 28, 20, 2, 3, TimeSpan.FromHours(-5)),
        new DateTimeOffset(2026, 11, 29, 6, 32, 3, new TimeSpan(5, 30, 0)),
        new DateTimeOffset(2026, 11, 29, 14, 2, 3, TimeSpan.FromHours(13)),
    ];

    [Theory]
    [MemberData(nameof(SameInstantInDifferentOffsets))]
    public void Format_writes_four_unquoted_lines_with_the_expiration_in_UTC(DateTimeOffset expiration)
    {
        // Arrange
        var issued = new IssuedCredentials(Temporary(expiration), Region: null);

        // Act
        var text = new EnvFormatter().Format(issued);

        // Assert
        Assert.Equal(
            $"AWS_ACCESS_KEY_ID={KeyId}\n" +
            $"AWS_SECRET_ACCESS_KEY={Secret}\n" +
            $"AWS_SESSION_TOKEN={Token}\n" +
            "AWS_CREDENTIAL_EXPIRATION=2026-11-29T01:02:03Z\n",
            text);
    }

    [Fact]
    public void Format_adds_AWS_REGION_and_AWS_DEFAULT_REGION_when_a_region_is_given()
    {
        // Arrange
        var issued = new IssuedCredentials(Temporary(new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero)), "eu-west-1");

        // Act
        var text = new EnvFormatter().Format(issued);

        // Assert
        Assert.Equal(
            $"AWS_ACCESS_KEY_ID={KeyId}\n" +
            $"AWS_SECRET_ACCESS_KEY={Secret}\n" +
            $"AWS_SESSION_TOKEN={Token}\n" +
            "AWS_CREDENTIAL_EXPIRATION=2026-11-29T01:02:03Z\n" +
            "AWS_REGION=eu-west-1\n" +
            "AWS_DEFAULT_REGION=eu-west-1\n",
            text);
    }

    [Fact]
    public void Format_writes_only_key_and_secret_for_long_term_keys()
    {
        // Arrange
        var issued = new IssuedCredentials(new AwsCredentials("AKIAIOSFODNN7EXAMPLE", Secret, null, null), Region: null);

        // Act
        var text = new EnvFormatter().Format(issued);

        // Assert
        Assert.Equal($"AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nAWS_SECRET_ACCESS_KEY={Secret}\n", text);
    }

    [Fact]
    public void Format_never_states_an_expiration_later_than_the_real_one()
    {
        // Arrange: STS expirations can carry fractions of a second.
        var issued = new IssuedCredentials(Temporary(new DateTimeOffset(2026, 11, 29, 1, 2, 3, 999, TimeSpan.Zero)), Region: null);

        // Act
        var text = new EnvFormatter().Format(issued);

        // Assert
        Assert.Contains("AWS_CREDENTIAL_EXPIRATION=2026-11-29T01:02:03Z\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_reads_back_intact_by_docker_env_file_rules()
    {
        // Arrange: docker --env-file splits each line at its first '=' and takes the rest verbatim,
        // so base64 padding and '/' or '+' in the token must survive unquoted.
        var expiration = new DateTimeOffset(2026, 11, 29, 1, 2, 3, TimeSpan.Zero);
        var issued = new IssuedCredentials(Temporary(expiration), "us-gov-west-1");

        // Act
        var text = new EnvFormatter().Format(issued);
        var parsed = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);

        // Assert
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.Equal(KeyId, parsed["AWS_ACCESS_KEY_ID"]);
        Assert.Equal(Secret, parsed["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal(Token, parsed["AWS_SESSION_TOKEN"]);
        Assert.Equal(expiration, DateTimeOffset.Parse(parsed["AWS_CREDENTIAL_EXPIRATION"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("us-gov-west-1", parsed["AWS_REGION"]);
        Assert.Equal("us-gov-west-1", parsed["AWS_DEFAULT_REGION"]);
        Assert.Equal(6, parsed.Count);
    }
}
