using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;

namespace AwsAssumeRole.Core.Tests.Parameters;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("900", 900)]
    [InlineData("3600", 3600)]
    [InlineData("43200", 43200)]
    [InlineData("0900", 900)]
    [InlineData("45m", 2700)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("12h", 43200)]
    [InlineData("1h30m", 5400)]
    [InlineData("2h15m30s", 8130)]
    [InlineData("1000s", 1000)]
    public void Parse_accepts_seconds_and_units_within_STS_range(string text, int expected)
    {
        // Act
        var seconds = Durations.Parse(text);

        // Assert
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData("899", "between 900 seconds (15m) and 43200 seconds (12h)")]
    [InlineData("43201", "between 900 seconds (15m) and 43200 seconds (12h)")]
    [InlineData("14m", "between 900 seconds (15m) and 43200 seconds (12h)")]
    [InlineData("12h1s", "between 900 seconds (15m) and 43200 seconds (12h)")]
    [InlineData("0", "between 900 seconds (15m) and 43200 seconds (12h)")]
    [InlineData("abc", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("-1", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("1x", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("h", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("30m1h", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("1h1h", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("1h 30m", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData(" 3600", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("+3600", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("1H", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("1.5h", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("1h30", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    [InlineData("\u0661\u0662h", "give seconds (3600) or a duration such as 45m, 1h, 12h")]
    public void Parse_rejects_malformed_or_out_of_range_durations_as_bad_input(string text, string reason)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => Durations.Parse(text));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid --duration '", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999999999999999999")]
    [InlineData("9223372036854775808")]
    [InlineData("9999999999999999999h")]
    [InlineData("1152921504606846977h")]
    [InlineData("4611686018427387964m")]
    public void Parse_rejects_numbers_too_big_for_a_long_instead_of_overflowing(string text)
    {
        // Arrange: 1152921504606846977h is (2^60 + 1) * 3600 and 4611686018427387964m is
        // (2^62 + 60) * 60; both wrap round to exactly 3600 in 64-bit arithmetic. The other
        // values overflow long.Parse itself.

        // Act
        var error = Record.Exception(() => Durations.Parse(text));

        // Assert
        var bad = Assert.IsType<AssumeRoleException>(error);
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Contains("between 900 seconds (15m) and 43200 seconds (12h)", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_names_the_option_it_parses()
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => Durations.Parse("1y", "--hop-duration"));

        // Assert
        Assert.StartsWith("invalid --hop-duration '1y'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(900, "15m")]
    [InlineData(2700, "45m")]
    [InlineData(3600, "1h")]
    [InlineData(3660, "1h1m")]
    [InlineData(5400, "1h30m")]
    [InlineData(43200, "12h")]
    [InlineData(3601, "3601s")]
    [InlineData(1000, "1000s")]
    public void Describe_writes_seconds_the_way_people_read_them(int seconds, string expected)
    {
        // Act
        var text = Durations.Describe(seconds);

        // Assert
        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData(900)]
    [InlineData(3601)]
    [InlineData(5400)]
    [InlineData(43200)]
    public void Describe_gives_text_that_Parse_reads_back_to_the_same_seconds(int seconds)
    {
        // Act
        var roundTripped = Durations.Parse(Durations.Describe(seconds));

        // Assert
        Assert.Equal(seconds, roundTripped);
    }
}
