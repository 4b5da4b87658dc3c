using AwsAssumeRole.Core.Server;

namespace AwsAssumeRole.Core.Tests.Server;

public sealed class RefreshBackoffTests
{
    [Theory]
    [InlineData(1, false, 0.5, 1)]
    [InlineData(2, false, 1, 2)]
    [InlineData(3, false, 2, 4)]
    [InlineData(5, false, 8, 16)]
    [InlineData(6, false, 15, 30)]
    [InlineData(40, false, 15, 30)]
    [InlineData(1, true, 0.5, 1)]
    [InlineData(3, true, 2, 4)]
    [InlineData(4, true, 2.5, 5)]
    [InlineData(40, true, 2.5, 5)]
    public void Delay_doubles_from_1s_to_its_cap_with_equal_jitter(int failures, bool expired, double lowest, double highest)
    {
        // Act
        var low = new RefreshBackoff(() => 0).Delay(failures, expired);
        var high = new RefreshBackoff(() => 0.999999).Delay(failures, expired);

        // Assert
        Assert.Equal(lowest, low.TotalSeconds, precision: 3);
        Assert.Equal(highest, high.TotalSeconds, precision: 3);
    }

    [Fact]
    public void Delays_vary_so_that_servers_throttled_together_do_not_retry_together()
    {
        // Arrange
        var backoff = new RefreshBackoff();

        // Act
        var delays = Enumerable.Range(0, 50).Select(_ => backoff.Delay(4, expired: false)).ToHashSet();

        // Assert
        Assert.True(delays.Count > 1);
        Assert.All(delays, d => Assert.InRange(d.TotalSeconds, 4, 8));
    }
}
