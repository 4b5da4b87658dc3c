using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Tests.Mfa;
using AwsAssumeRole.Core.Tests.Sources;
using Microsoft.Extensions.Time.Testing;

namespace AwsAssumeRole.Core.Tests.Chain;

/// <summary>
/// The session as a long-lived caller (serve) uses it: asked again and again, it makes again only
/// the hops whose credentials run short.
/// </summary>
public sealed class ChainSessionTests : IDisposable
{
    private const string Backup = "arn:aws:iam::987654321098:role/backup-role";

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingChainLog log = new();
    private readonly string folder = Directory.CreateTempSubdirectory("aar-session-").FullName;
    private readonly FakeStsGateway sts;

    public ChainSessionTests() => sts = new FakeStsGateway(time) { CallerArn = "arn:aws:iam::123456789012:user/alice" };

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private ChainSession Open(bool cache, bool refresh = false, int? durationSeconds = null, string? mfaSerial = null, ITerminal? terminal = null, params string[] roles)
    {
        // The first hop from a profile whose source is the environment's keys: read through the
        // session's environment seam, not through the SDK's process-wide chain.
        var config = Path.Combine(folder, "config");
        File.WriteAllText(config, "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ec2-worker\ncredential_source = Environment\n");
        var environment = new FakeProcessEnvironment(
            ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),
            ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            ("AWS_CONFIG_FILE", config),
            ("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(folder, "no-credentials")),
            ("AWS_ASSUME_ROLE_CACHE_DIR", Path.Combine(folder, "cache")),
            ("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1"),
            ("HOME", folder));
        var request = new ChainRequest
        {
            Profile = "ops",
            Roles = [.. roles.Select(RoleReference.Parse)],
            Options = new HopParameters { DurationSeconds = durationSeconds, MfaSerial = mfaSerial },
            Cache = cache ? CacheSettings.Default with { Refresh = refresh } : null,
            MfaCode = mfaSerial is null ? null : "123456",
        };
        var services = new ChainServices(environment, log, terminal ?? new FakeTerminal(false), time) { Sts = (_, _, _) => sts };
        return ChainSession.Open(request, services);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_later_run_makes_again_only_the_hops_that_run_short(bool cache)
    {
        // Arrange: hop 1 (the profile's) for 12 h from long-term keys, hop 2 capped at 1 h by STS
        var session = Open(cache, durationSeconds: 43200, roles: [Backup]);
        var first = await session.GetCredentialsAsync();

        // Act: 46 minutes later hop 2 has less than the 15-minute margin left, hop 1 has hours
        time.Advance(TimeSpan.FromMinutes(46));
        var second = await session.GetCredentialsAsync();

        // Assert
        Assert.Equal(2, first.HopsAssumed);
        Assert.Equal(1, second.HopsAssumed);
        Assert.Equal(3, sts.AssumeRoleCalls.Count);
        Assert.Equal(Backup, sts.AssumeRoleCalls[2].Call.Role.ToString());
        Assert.Equal(sts.Issued[0], sts.AssumeRoleCalls[2].Credentials);
        Assert.Equal(sts.Issued[2], second.Credentials);
        Assert.Single(sts.CallerIdentityCalls);
    }

    [Fact]
    public async Task A_renewal_of_the_whole_chain_does_not_ask_who_the_source_is_again()
    {
        // Arrange: every hop for 1 h, so all of them run short together
        var session = Open(cache: false, roles: [Backup]);
        await session.GetCredentialsAsync();

        // Act
        time.Advance(TimeSpan.FromMinutes(46));
        var second = await session.GetCredentialsAsync();

        // Assert
        Assert.Equal(2, second.HopsAssumed);
        Assert.Single(sts.CallerIdentityCalls);
        Assert.Equal(sts.AssumeRoleCalls[0].Call.SessionName, sts.AssumeRoleCalls[2].Call.SessionName);
    }

    [Fact]
    public async Task A_run_while_the_held_credentials_are_fresh_makes_no_call()
    {
        // Arrange
        var session = Open(cache: false, roles: [Backup]);
        var first = await session.GetCredentialsAsync();

        // Act
        time.Advance(TimeSpan.FromMinutes(44));
        var second = await session.GetCredentialsAsync();

        // Assert
        Assert.Same(first, second);
        Assert.Equal(2, sts.AssumeRoleCalls.Count);
    }

    [Fact]
    public async Task An_MFA_hop_held_for_12_hours_is_not_asked_for_again_when_later_hops_renew()
    {
        // Arrange: the code given once, and no terminal to ask on afterwards
        var session = Open(cache: false, durationSeconds: 43200, mfaSerial: "arn:aws:iam::123456789012:mfa/alice", roles: [Backup]);
        await session.GetCredentialsAsync();

        // Act: three renewals of hop 2
        for (var renewal = 0; renewal < 3; renewal++)
        {
            time.Advance(TimeSpan.FromMinutes(46));
            await session.GetCredentialsAsync();
        }

        // Assert
        Assert.Equal(5, sts.AssumeRoleCalls.Count);
        Assert.Equal(["123456", null, null, null, null], sts.AssumeRoleCalls.Select(c => c.Call.TokenCode));
    }

    [Fact]
    public async Task Refresh_ignores_the_cache_on_the_first_run_only()
    {
        // Arrange: the cache holds both hops from an earlier run
        await Open(cache: true, durationSeconds: 43200, roles: [Backup]).GetCredentialsAsync();
        var session = Open(cache: true, refresh: true, durationSeconds: 43200, roles: [Backup]);

        // Act
        var first = await session.GetCredentialsAsync();
        time.Advance(TimeSpan.FromMinutes(46));
        var second = await session.GetCredentialsAsync();

        // Assert: the first run made both hops again; the second reused the hop 1 the first one stored
        Assert.Equal(2, first.HopsAssumed);
        Assert.Equal(1, second.HopsAssumed);
        Assert.Equal(5, sts.AssumeRoleCalls.Count);
    }

    [Fact]
    public async Task MinRemaining_is_the_requests_margin()
    {
        var session = Open(cache: true, roles: []);

        Assert.Equal(CacheFreshness.DefaultMinRemaining, session.MinRemaining);
        await Task.CompletedTask;
    }
}
