using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Errors;

namespace AwsAssumeRole.Core.Tests.Cache;

public sealed class CacheFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 1, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(16 * 60, true)]
    [InlineData(15 * 60 + 1, true)]
    [InlineData(15 * 60, false)]
    [InlineData(14 * 60, false)]
    [InlineData(0, false)]
    [InlineData(-60, false)]
    public void IsFresh_needs_more_than_15_minutes_left_by_default(int secondsLeft, bool expected)
    {
        // Act
        var fresh = CacheFreshness.IsFresh(Now.AddSeconds(secondsLeft), Now, CacheFreshness.DefaultMinRemaining);

        // Assert
        Assert.Equal(expected, fresh);
    }

    [Fact]
    public void IsFresh_is_false_without_an_expiry()
    {
        // Act and assert
        Assert.False(CacheFreshness.IsFresh(null, Now, TimeSpan.Zero));
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("600", 600)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("12h", 43200)]
    public void ParseMinRemaining_accepts_seconds_and_units_from_0_to_12h(string text, int expectedSeconds)
    {
        // Act
        var margin = CacheFreshness.ParseMinRemaining(text);

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), margin);
    }

    [Theory]
    [InlineData("12h1s")]
    [InlineData("-1")]
    [InlineData("soon")]
    [InlineData("")]
    public void ParseMinRemaining_rejects_anything_else_as_bad_input(string text)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => CacheFreshness.ParseMinRemaining(text));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid --min-remaining", error.Message, StringComparison.Ordinal);
    }
}
