using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Server;
using static AwsAssumeRole.Core.Tests.Server.ServeFixtures;

namespace AwsAssumeRole.Core.Tests.Server;

public sealed class RefreshWindowTests
{
    private static ChainPlan Plan(int? durationSeconds, int hops) =>
        new([.. Enumerable.Range(1, hops).Select(i => new Hop(RoleReference.Parse($"role{i}"), new HopParameters { DurationSeconds = durationSeconds }))], null);

    [Theory]
    [InlineData(null, 1, 3600)]
    [InlineData(43200, 1, 43200)]
    [InlineData(43200, 2, 3600)]
    [InlineData(900, 3, 900)]
    public void FinalSessionSeconds_is_the_last_hops_duration_capped_at_1h_when_chained(int? duration, int hops, int expected)
    {
        Assert.Equal(expected, RefreshWindow.FinalSessionSeconds(Plan(duration, hops)));
    }

    [Theory]
    [InlineData(null, 1, 1200)]
    [InlineData(null, 2, 3599)]
    [InlineData(900, 2, 897)]
    [InlineData(43200, 1, 43199)]
    public void A_margin_shorter_than_the_session_is_accepted(int? duration, int hops, int marginSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(marginSeconds), RefreshWindow.For(Plan(duration, hops), TimeSpan.FromSeconds(marginSeconds)));
    }

    [Theory]
    [InlineData(null, 1, 1200)]
    [InlineData(null, 3, 1200)]
    [InlineData(43200, 1, 1200)]
    [InlineData(2700, 1, 900)]
    [InlineData(900, 1, 300)]
    [InlineData(900, 2, 300)]
    public void Without_a_margin_it_is_20_minutes_or_a_third_of_a_shorter_session(int? duration, int hops, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), RefreshWindow.For(Plan(duration, hops), null));
    }

    [Theory]
    [InlineData(0, "--min-remaining 0m is too short for serve: ")]
    [InlineData(9, "--min-remaining 9s is too short for serve: ")]
    public void A_margin_under_10_seconds_is_bad_input(int marginSeconds, string message)
    {
        var error = Assert.Throws<AssumeRoleException>(() => RefreshWindow.For(Plan(null, 1), TimeSpan.FromSeconds(marginSeconds)));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(10), RefreshWindow.For(Plan(null, 1), TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(900, 1, 1200, "--min-remaining 20m is not shorter than the session of the last hop, 15m: ")]
    [InlineData(null, 2, 3600, "--min-remaining 1h is not shorter than the session of the last hop, 1h: ")]
    [InlineData(43200, 2, 7200, "--min-remaining 2h is not shorter than the session of the last hop, 1h (STS caps a chained hop at 1h): ")]
    public void A_margin_as_long_as_the_session_is_bad_input(int? duration, int hops, int marginSeconds, string message)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => RefreshWindow.For(Plan(duration, hops), TimeSpan.FromSeconds(marginSeconds)));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Hint);
    }

    [Fact]
    public void Credentials_that_do_not_outlast_the_margin_are_bad_input_after_the_first_run()
    {
        // Act: a single hop from temporary credentials, capped at 1 h by STS, with a 2 h margin
        var error = Assert.Throws<AssumeRoleException>(() => RefreshWindow.RequireLongerLifetime(Result(1, Start.AddHours(1)), Start, TimeSpan.FromHours(2)));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("not shorter than the 1h the credentials are valid for", error.Message, StringComparison.Ordinal);
        RefreshWindow.RequireLongerLifetime(Result(1, Start.AddHours(1)), Start, TimeSpan.FromMinutes(59));
    }
}
