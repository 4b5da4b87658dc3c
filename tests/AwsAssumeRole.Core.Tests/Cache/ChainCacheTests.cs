using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;
using AwsAssumeRole.Core.Tests.Chain;
using AwsAssumeRole.Core.Tests.Mfa;
using Microsoft.Extensions.Time.Testing;

namespace AwsAssumeRole.Core.Tests.Cache;

/// <summary>The chain runner with the real cache on a throw-away folder, a fake STS and a fake clock.</summary>
public sealed class ChainCacheTests : IDisposable
{
    private const string Backup = "arn:aws:iam::987654321098:role/backup-role";
    private static readonly AwsCredentials Source = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", null, null);
    private static readonly StsEndpoint Endpoint = new(null, new Uri("http://127.0.0.1:5000"));
    private readonly TempFolder folder = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingChainLog log = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task ChainRunner_second_identical_run_makes_no_STS_call_and_gives_the_same_credentials()
    {
        // Arrange
        var first = new FakeStsGateway(time);
        var second = new FakeStsGateway(time);
        var plan = Plan("ec2-worker", Backup);

        // Act
        var cold = await Run(first, plan);
        var warm = await Run(second, plan);

        // Assert
        Assert.Equal((1, 2), (first.CallerIdentityCalls.Count, first.AssumeRoleCalls.Count));
        Assert.Equal((0, 0), (second.CallerIdentityCalls.Count, second.AssumeRoleCalls.Count));
        Assert.Equal(cold.Credentials with { Expiration = null }, warm.Credentials with { Expiration = null });
        Assert.Equal(cold.FinalRole, warm.FinalRole);
        Assert.Equal(cold.Identity, warm.Identity);
    }

    [Fact]
    public async Task ChainCache_entry_with_16_minutes_left_is_used()
    {
        // Arrange
        await Run(new FakeStsGateway(time), Plan("ec2-worker"));
        time.Advance(TimeSpan.FromMinutes(60 - 16));
        var sts = new FakeStsGateway(time);

        // Act
        await Run(sts, Plan("ec2-worker"));

        // Assert
        Assert.Empty(sts.AssumeRoleCalls);
    }

    [Fact]
    public async Task ChainCache_entry_with_14_minutes_left_is_refreshed()
    {
        // Arrange
        await Run(new FakeStsGateway(time), Plan("ec2-worker"));
        time.Advance(TimeSpan.FromMinutes(60 - 14));
        var sts = new FakeStsGateway(time);

        // Act
        await Run(sts, Plan("ec2-worker"));
        var after = new FakeStsGateway(time);
        await Run(after, Plan("ec2-worker"));

        // Assert
        Assert.Single(sts.AssumeRoleCalls);
        Assert.Empty(after.AssumeRoleCalls);
    }

    [Fact]
    public async Task ChainCache_min_remaining_sets_how_much_must_be_left()
    {
        // Arrange
        await Run(new FakeStsGateway(time), Plan("ec2-worker"));
        time.Advance(TimeSpan.FromMinutes(15));
        var strict = new FakeStsGateway(time);
        var lenient = new FakeStsGateway(time);

        // Act
        await Run(lenient, Plan("ec2-worker"), Settings() with { MinRemaining = TimeSpan.FromMinutes(44) });
        await Run(strict, Plan("ec2-worker"), Settings() with { MinRemaining = TimeSpan.FromMinutes(46) });

        // Assert
        Assert.Empty(lenient.AssumeRoleCalls);
        Assert.Single(strict.AssumeRoleCalls);
    }

    [Fact]
    public async Task ChainRunner_resumes_after_a_cached_prefix_without_GetCallerIdentity()
    {
        // Arrange
        await Run(new FakeStsGateway(time), Plan(Backup));
        var sts = new FakeStsGateway(time);

        // Act
        var result = await Run(sts, Plan(Backup, "backup2"));

        // Assert
        Assert.Empty(sts.CallerIdentityCalls);
        var call = Assert.Single(sts.AssumeRoleCalls);
        Assert.Equal("arn:aws:iam::987654321098:role/backup2", call.Call.Role.ToString());
        Assert.Equal("bob", call.Call.SessionName);
        Assert.StartsWith("ASIAHOP1", call.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal(
            ["Switched to role arn:aws:iam::987654321098:role/backup-role", "Switched to role arn:aws:iam::987654321098:role/backup2"],
            log.Infos.Skip(1));
    }

    [Fact]
    public async Task ChainRunner_with_another_source_key_makes_every_call()
    {
        // Arrange
        await Run(new FakeStsGateway(time), Plan("ec2-worker", Backup));
        var sts = new FakeStsGateway(time);

        // Act
        await Run(sts, Plan("ec2-worker", Backup), source: Source with { AccessKeyId = "AKIAI44QH8DHBEXAMPLE" });

        // Assert
        Assert.Equal((1, 2), (sts.CallerIdentityCalls.Count, sts.AssumeRoleCalls.Count));
    }

    [Fact]
    public async Task ChainRunner_asks_no_GetCallerIdentity_on_another_cold_chain_from_a_source_key_seen_before()
    {
        // Arrange
        await Run(new FakeStsGateway(time), Plan("ec2-worker", Backup));
        var sts = new FakeStsGateway(time);

        // Act
        var result = await Run(sts, Plan("other-role", "backup2"));

        // Assert
        Assert.Empty(sts.CallerIdentityCalls);
        Assert.Equal(2, sts.AssumeRoleCalls.Count);
        Assert.Equal("arn:aws:iam::111111111111:role/other-role", sts.AssumeRoleCalls[0].Call.Role.ToString());
        Assert.Equal("bob", sts.AssumeRoleCalls[0].Call.SessionName);
        Assert.Equal("arn:aws:iam::111111111111:role/backup2", result.FinalRole?.ToString());
    }

    [Fact]
    public async Task ChainRunner_asks_GetCallerIdentity_again_for_another_source_key_and_with_refresh()
    {
        // Arrange
        await Run(new FakeStsGateway(time), Plan("ec2-worker"));
        var otherKey = new FakeStsGateway(time);
        var refreshing = new FakeStsGateway(time);

        // Act
        await Run(otherKey, Plan("other-role"), source: Source with { AccessKeyId = "AKIAI44QH8DHBEXAMPLE" });
        await Run(refreshing, Plan("other-role"), Settings() with { Refresh = true });

        // Assert
        Assert.Single(otherKey.CallerIdentityCalls);
        Assert.Single(refreshing.CallerIdentityCalls);
    }

    [Fact]
    public async Task ChainCache_keeps_a_source_identity_only_while_the_source_credentials_last_and_never_writes_their_secret()
    {
        // Arrange: temporary source credentials that expire in 30 minutes.
        var temporary = new AwsCredentials("ASIASOURCEEXAMPLE000", "source-secret/wJalrXUtnFEMI+K7MDENGb", "source-token/IQoJb3JpZ2lu", time.GetUtcNow().AddMinutes(30));
        await Run(new FakeStsGateway(time), Plan("ec2-worker"), source: temporary);
        var before = new FakeStsGateway(time);
        var after = new FakeStsGateway(time);

        // Act
        time.Advance(TimeSpan.FromMinutes(29));
        await Run(before, Plan("other-role"), source: temporary);
        time.Advance(TimeSpan.FromMinutes(2));
        await Run(after, Plan("third-role"), source: temporary);

        // Assert
        Assert.Empty(before.CallerIdentityCalls);
        Assert.Single(after.CallerIdentityCalls);
        Assert.All(Directory.GetFiles(folder.Cache, "*.json"), file =>
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain("source-secret", text, StringComparison.Ordinal);
            Assert.DoesNotContain("source-token", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ChainCache_refresh_ignores_entries_but_stores_the_new_ones()
    {
        // Arrange
        await Run(new FakeStsGateway(time), Plan("ec2-worker", Backup));
        var refreshing = new FakeStsGateway(time);
        var after = new FakeStsGateway(time);

        // Act
        var refreshed = await Run(refreshing, Plan("ec2-worker", Backup), Settings() with { Refresh = true });
        var reused = await Run(after, Plan("ec2-worker", Backup));

        // Assert
        Assert.Equal(2, refreshing.AssumeRoleCalls.Count);
        Assert.Empty(after.AssumeRoleCalls);
        Assert.Equal(refreshed.Credentials.SessionToken, reused.Credentials.SessionToken);
    }

    [Fact]
    public async Task ChainCache_that_cannot_be_written_is_one_warning_and_the_chain_still_runs()
    {
        // Arrange
        File.WriteAllText(folder.Cache, "a file where the cache folder should be");
        var sts = new FakeStsGateway(time);

        // Act
        var result = await Run(sts, Plan("ec2-worker", Backup, "backup2"));

        // Assert
        Assert.Equal(3, sts.AssumeRoleCalls.Count);
        Assert.Equal("arn:aws:iam::987654321098:role/backup2", result.FinalRole!.ToString());
        var warning = Assert.Single(log.Warnings);
        Assert.Equal($"not using the credentials cache: {folder.Cache} is not a folder; going on without it", warning);
    }

    [Fact]
    public async Task ChainCache_goes_on_without_the_cache_when_another_process_holds_the_lock_too_long()
    {
        // Arrange
        var plan = Plan("ec2-worker");
        var key = CacheKeys.For(Source.AccessKeyId, plan, Endpoint).Keys[0];
        var holder = new CacheStore(folder.Cache, new SilentChainLog(), TimeProvider.System);
        using var held = await holder.LockAsync(key, TimeSpan.Zero, CancellationToken.None);
        var sts = new FakeStsGateway(time);

        // Act
        var result = await Run(sts, plan, Settings() with { LockWait = TimeSpan.FromMilliseconds(200) }, lockClock: TimeProvider.System);

        // Assert
        Assert.NotNull(held);
        Assert.Single(sts.AssumeRoleCalls);
        Assert.Equal("arn:aws:iam::111111111111:role/ec2-worker", result.FinalRole!.ToString());
        Assert.Contains("going on without the cache", Assert.Single(log.Warnings), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Cache, key + ".json")));
    }

    [Fact]
    public async Task ChainCache_warns_about_the_duration_clamp_on_a_cached_run_too()
    {
        // Arrange
        var plan = new ChainPlan([new Hop(RoleReference.Parse("ec2-worker"), new HopParameters()), new Hop(RoleReference.Parse(Backup), new HopParameters { DurationSeconds = 7200 })], null);
        await Run(new FakeStsGateway(time), plan);
        log.Warnings.Clear();

        // Act
        await Run(new FakeStsGateway(time), plan);

        // Assert
        Assert.Contains("shortened to 1h from hop 2", Assert.Single(log.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChainRunner_never_asks_for_an_MFA_code_for_a_hop_the_cache_covers()
    {
        // Arrange: the MFA hop is made once with a code; later there is neither a code nor a terminal.
        const string serial = "arn:aws:iam::123456789012:mfa/alice";
        var plan = new ChainPlan([new Hop(RoleReference.Parse("ec2-worker"), new HopParameters { MfaSerial = serial }), new Hop(RoleReference.Parse(Backup), new HopParameters())], null);
        await Run(new FakeStsGateway(time), plan, mfa: new MfaCodeSource("123456", new FakeTerminal(available: false)));
        var terminal = new FakeTerminal(available: false);
        var sts = new FakeStsGateway(time);

        // Act
        var result = await Run(sts, plan, mfa: new MfaCodeSource(null, terminal));

        // Assert
        Assert.Empty(sts.AssumeRoleCalls);
        Assert.Empty(terminal.Prompts);
        Assert.Equal(Backup, result.FinalRole?.ToString());
    }

    [Fact]
    public async Task ChainRunner_still_refuses_at_once_when_an_uncached_MFA_hop_has_no_code_and_no_terminal()
    {
        // Arrange
        const string serial = "arn:aws:iam::123456789012:mfa/alice";
        var plan = new ChainPlan([new Hop(RoleReference.Parse("ec2-worker"), new HopParameters { MfaSerial = serial })], null);
        var sts = new FakeStsGateway(time);

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(() => Run(sts, plan, mfa: new MfaCodeSource(null, new FakeTerminal(available: false))));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Empty(sts.CallerIdentityCalls);
        Assert.Empty(sts.AssumeRoleCalls);
    }

    private static CacheSettings Settings() => new(Refresh: false, CacheFreshness.DefaultMinRemaining, CacheSettings.DefaultLockWait);

    private static ChainPlan Plan(params string[] roles) =>
        new(roles.Select(r => new Hop(RoleReference.Parse(r), new HopParameters())).ToList(), null);

    private Task<ChainResult> Run(FakeStsGateway sts, ChainPlan plan, CacheSettings? settings = null, AwsCredentials? source = null, TimeProvider? lockClock = null, IMfaCodeSource? mfa = null)
    {
        source ??= Source;
        TimeProvider clock = lockClock is null ? time : new SplitClock(time, lockClock);
        var store = new CacheStore(folder.Cache, log, clock);
        var cache = new ChainCache(store, CacheKeys.For(source.AccessKeyId, plan, Endpoint), source.MaskedAccessKeyId, settings ?? Settings(), clock, log);
        return new ChainRunner(sts, log, mfa, cache).RunAsync(source, plan, CancellationToken.None);
    }

    /// <summary>The fake clock for expiry, real time for the lock wait (a fake clock never lets a wait end).</summary>
    private sealed class SplitClock(FakeTimeProvider fake, TimeProvider real) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

        public override long GetTimestamp() => real.GetTimestamp();

        public override long TimestampFrequency => real.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            real.CreateTimer(callback, state, dueTime, period);
    }
}
