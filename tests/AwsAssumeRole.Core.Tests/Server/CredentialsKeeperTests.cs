using System.Text.Json;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Server;
using AwsAssumeRole.Core.Tests.Chain;
using Microsoft.Extensions.Time.Testing;
using static AwsAssumeRole.Core.Tests.Server.ServeFixtures;

namespace AwsAssumeRole.Core.Tests.Server;

public sealed class CredentialsKeeperTests : IDisposable
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider time = new(Start);
    private readonly RecordingChainLog log = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Func<ChainResult>> script = [];
    private readonly List<TimeSpan> asked = [];
    private int calls;

    public void Dispose() => stopping.Dispose();

    /// <summary>Each refresh takes the next step of the script: a result, or a throw.</summary>
    private CredentialsKeeper Keeper(ChainResult initial, TimeSpan? margin = null) =>
        new(initial, 2, (needed, _) =>
        {
            asked.Add(needed);
            var step = script[Math.Min(Interlocked.Increment(ref calls), script.Count) - 1];
            return Task.FromResult(step());
        }, margin ?? Margin, time, log, new RefreshBackoff(() => 0));

    private static AssumeRoleException Throttled() =>
        AssumeRoleException.AwsFailure("hop 2 of 2, arn:aws:iam::987654321098:role/backup-role: Throttling: Rate exceeded");

    [Fact]
    public async Task RunAsync_renews_once_fewer_than_min_remaining_remain_and_not_before()
    {
        // Arrange
        script.Add(() => Result(2, time.GetUtcNow().AddHours(1), hopsAssumed: 1));
        var keeper = Keeper(Result(1, Start.AddHours(1)));
        var running = keeper.RunAsync(stopping.Token);

        // Act
        time.Advance(TimeSpan.FromMinutes(40) - TimeSpan.FromSeconds(1));
        await Task.Delay(100);
        var callsBefore = calls;
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => keeper.Refreshes == 1);

        // Assert
        Assert.Equal(0, callsBefore);
        Assert.Equal("ASIASERVE2EXAMPLE", keeper.Current.Credentials.AccessKeyId);
        Assert.Equal(["serve: new credentials for arn:aws:iam::987654321098:role/backup-role, valid until 2026-11-29T01:40:00Z (1 of 2 hops assumed again)"], log.Infos);
        await StopAsync(running);
    }

    [Fact]
    public async Task RunAsync_renews_again_and_again_each_time_the_margin_is_reached()
    {
        // Arrange
        script.Add(() => Result(calls + 1, time.GetUtcNow().AddHours(1)));
        var keeper = Keeper(Result(1, Start.AddHours(1)));
        var running = keeper.RunAsync(stopping.Token);

        // Act: three margins in a row
        for (var round = 1; round <= 3; round++)
        {
            time.Advance(TimeSpan.FromMinutes(40));
            await WaitUntil(() => keeper.Refreshes == round);
        }

        // Assert
        Assert.Equal(3, calls);
        Assert.Equal("ASIASERVE4EXAMPLE", keeper.Current.Credentials.AccessKeyId);
        await StopAsync(running);
    }

    [Fact]
    public async Task A_failed_refresh_keeps_serving_the_old_credentials_retries_with_backoff_and_recovers()
    {
        // Arrange: two failures, then STS is back
        script.Add(() => throw Throttled());
        script.Add(() => throw Throttled());
        script.Add(() => Result(2, time.GetUtcNow().AddHours(1)));
        var keeper = Keeper(Result(1, Start.AddHours(1)));
        var running = keeper.RunAsync(stopping.Token);

        // Act
        time.Advance(TimeSpan.FromMinutes(40));
        await WaitUntil(() => keeper.Failures == 1);
        var afterFirst = keeper.Snapshot();
        time.Advance(TimeSpan.FromMilliseconds(499));
        await Task.Delay(100);
        var callsWithinTheFirstWait = calls;
        time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntil(() => keeper.Failures == 2);
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => keeper.Refreshes == 1);

        // Assert
        Assert.Equal("ASIASERVE1EXAMPLE", afterFirst.Current.Credentials.AccessKeyId);
        Assert.Contains("Throttling", afterFirst.LastFailure, StringComparison.Ordinal);
        Assert.Equal(1, callsWithinTheFirstWait);
        Assert.Equal(
            [
                "serve: refresh failed (1 in a row): hop 2 of 2, arn:aws:iam::987654321098:role/backup-role: Throttling: Rate exceeded; still serving the credentials valid until 2026-11-29T01:00:00Z; next try in 1s",
                "serve: refresh failed (2 in a row): hop 2 of 2, arn:aws:iam::987654321098:role/backup-role: Throttling: Rate exceeded; still serving the credentials valid until 2026-11-29T01:00:00Z; next try in 1s",
            ],
            log.Warnings);
        Assert.Single(log.Infos);
        Assert.Equal("ASIASERVE2EXAMPLE", keeper.Snapshot().Current.Credentials.AccessKeyId);
        Assert.Null(keeper.Snapshot().LastFailure);
        await StopAsync(running);
    }

    [Fact]
    public async Task A_failure_only_the_user_can_mend_is_told_once_and_tried_again_every_minute()
    {
        // Arrange: the MFA hop's session ended; after three tries the user has signed in again
        static AssumeRoleException NeedsCode() => AssumeRoleException.BadInput(
            "hop 1 needs an MFA code for arn:aws:iam::123456789012:mfa/me and serve asks for MFA codes only while it starts", "start serve again");
        script.Add(() => throw NeedsCode());
        script.Add(() => throw NeedsCode());
        script.Add(() => throw NeedsCode());
        script.Add(() => Result(2, time.GetUtcNow().AddHours(1)));
        var keeper = Keeper(Result(1, Start.AddHours(1)));
        var running = keeper.RunAsync(stopping.Token);

        // Act
        time.Advance(TimeSpan.FromMinutes(40));
        await WaitUntil(() => keeper.Failures == 1);
        time.Advance(TimeSpan.FromSeconds(59));
        await Task.Delay(100);
        var callsWithinTheMinute = calls;
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => keeper.Failures == 2);
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitUntil(() => keeper.Failures == 3);
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitUntil(() => keeper.Refreshes == 1);

        // Assert
        Assert.Equal(1, callsWithinTheMinute);
        Assert.Equal(
            ["serve: refresh failed: hop 1 needs an MFA code for arn:aws:iam::123456789012:mfa/me and serve asks for MFA codes only while it starts; still serving the credentials valid until 2026-11-29T01:00:00Z; tried again every minute; start serve again"],
            log.Warnings);
        Assert.Equal("ASIASERVE2EXAMPLE", keeper.Current.Credentials.AccessKeyId);
        await StopAsync(running);
    }

    [Fact]
    public async Task Once_the_credentials_expire_requests_get_503_naming_the_failed_hop_until_a_refresh_succeeds()
    {
        // Arrange: STS is down until the credentials have expired, then back
        var down = true;
        script.Add(() => down ? throw Throttled() : Result(2, time.GetUtcNow().AddHours(1)));
        var keeper = Keeper(Result(1, Start.AddMinutes(2)), margin: TimeSpan.FromMinutes(1));
        var endpoint = new CredentialsEndpoint(ServerToken.FromBytes(new byte[32]), keeper, time, 41234);
        var request = new EndpointRequest("GET", "/credentials", ["127.0.0.1:41234"], [ServerToken.FromBytes(new byte[32]).Text]);
        var running = keeper.RunAsync(stopping.Token);

        // Act: the first try when 1 minute is left, then tries at most 30 s apart, past the expiry
        time.Advance(TimeSpan.FromMinutes(1));
        await WaitUntil(() => keeper.Failures == 1);
        while (time.GetUtcNow() <= Start.AddMinutes(2))
        {
            var failures = keeper.Failures;
            time.Advance(RefreshBackoff.MaxWhileValid);
            await WaitUntil(() => keeper.Failures > failures);
        }

        var expired = endpoint.Answer(request);
        down = false;
        time.Advance(RefreshBackoff.MaxWhileExpired);
        await WaitUntil(() => keeper.Refreshes == 1);
        var recovered = endpoint.Answer(request);

        // Assert
        Assert.Equal(503, expired.Status);
        var message = JsonDocument.Parse(expired.Body).RootElement.GetProperty("message").GetString();
        Assert.Equal("the credentials expired at 2026-11-29T00:02:00Z and no refresh has succeeded since: hop 2 of 2, arn:aws:iam::987654321098:role/backup-role: Throttling: Rate exceeded", message);
        Assert.Contains(log.Warnings, line => line.Contains("the credentials expired at 2026-11-29T00:02:00Z: requests get 503 until a refresh succeeds", StringComparison.Ordinal));
        Assert.Equal(200, recovered.Status);
        await StopAsync(running);
    }

    [Fact]
    public async Task Credentials_that_come_back_within_the_margin_count_as_a_failure_not_as_a_reason_to_run_again_at_once()
    {
        // Arrange: after a failed try, a chain that returns credentials a second fresher than those
        // held, still well within the margin
        script.Add(() => throw Throttled());
        script.Add(() => Result(2, Start.AddHours(1).AddSeconds(1)));
        var keeper = Keeper(Result(1, Start.AddHours(1)));
        var running = keeper.RunAsync(stopping.Token);

        // Act
        time.Advance(TimeSpan.FromMinutes(40));
        await WaitUntil(() => keeper.Failures == 1);
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => keeper.Failures == 2);
        await Task.Delay(100);

        // Assert: two calls, then a wait
        Assert.Equal(2, calls);
        Assert.Equal("ASIASERVE1EXAMPLE", keeper.Current.Credentials.AccessKeyId);
        Assert.Contains("within --min-remaining 20m", log.Warnings[1], StringComparison.Ordinal);
        await StopAsync(running);
    }

    [Fact]
    public async Task The_same_credentials_back_are_a_failure_tried_again_after_a_wait_not_a_renewal_repeated_at_once()
    {
        // Arrange: a session that keeps answering with what it holds (as one whose timer fired a
        // millisecond early would)
        var initial = Result(1, Start.AddHours(1));
        script.Add(() => initial);
        var keeper = Keeper(initial);
        var running = keeper.RunAsync(stopping.Token);

        // Act
        time.Advance(TimeSpan.FromMinutes(40));
        await WaitUntil(() => keeper.Failures == 1);
        await Task.Delay(100);

        // Assert
        Assert.Equal(1, calls);
        Assert.Empty(log.Infos);
        Assert.Contains("no fresher credentials than those held", log.Warnings.Single(), StringComparison.Ordinal);
        await StopAsync(running);
    }

    [Fact]
    public async Task The_keeper_asks_for_credentials_valid_for_more_than_the_margin_on_every_try()
    {
        // Arrange: a failed try, then a good one
        script.Add(() => throw Throttled());
        script.Add(() => Result(2, time.GetUtcNow().AddHours(1)));
        var keeper = Keeper(Result(1, Start.AddHours(1)));
        var running = keeper.RunAsync(stopping.Token);

        // Act
        time.Advance(TimeSpan.FromMinutes(40));
        await WaitUntil(() => keeper.Failures == 1);
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => keeper.Refreshes == 1);

        // Assert
        Assert.Equal([Margin, Margin], asked);
        await StopAsync(running);
    }

    [Fact]
    public async Task An_unexpected_exception_is_one_line_and_the_loop_goes_on()
    {
        // Arrange
        script.Add(() => throw new InvalidOperationException("boom\nsecond line"));
        script.Add(() => Result(2, time.GetUtcNow().AddHours(1)));
        var keeper = Keeper(Result(1, Start.AddHours(1)));
        var running = keeper.RunAsync(stopping.Token);

        // Act
        time.Advance(TimeSpan.FromMinutes(40));
        await WaitUntil(() => keeper.Failures == 1);
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntil(() => keeper.Refreshes == 1);

        // Assert
        Assert.StartsWith("serve: refresh failed (1 in a row): unexpected InvalidOperationException: boom second line;", log.Warnings.Single(), StringComparison.Ordinal);
        await StopAsync(running);
    }

    [Fact]
    public async Task RunAsync_returns_when_cancelled_while_waiting()
    {
        // Arrange
        var keeper = Keeper(Result(1, Start.AddHours(1)));
        var running = keeper.RunAsync(stopping.Token);

        // Act
        await stopping.CancelAsync();

        // Assert
        await running.WaitAsync(Patience);
        Assert.Equal(0, calls);
    }

    private async Task StopAsync(Task running)
    {
        await stopping.CancelAsync();
        await running.WaitAsync(Patience);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the keeper did not get there");
            await Task.Delay(5);
        }
    }
}
