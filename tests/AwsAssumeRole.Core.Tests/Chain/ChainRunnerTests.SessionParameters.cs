using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Chain;

/// <summary>The runner and the parameters of each hop: MFA asked for lazily, the rest sent as planned.</summary>
public sealed partial class ChainRunnerTests
{
    private const string Alice = "arn:aws:iam::111111111111:mfa/alice";

    private static ChainPlan PlanOf(params (string Role, HopParameters Parameters)[] hops) =>
        new([.. hops.Select(h => new Hop(RoleReference.Parse(h.Role), h.Parameters))], "ci-run");

    [Fact]
    public async Task RunAsync_asks_for_an_MFA_code_only_just_before_the_call_of_the_hop_that_sends_it()
    {
        // Arrange
        var sts = Sts();
        var mfa = new RecordingMfaSource(sts, "123456", "654321");
        var plan = PlanOf(
            ("arn:aws:iam::111111111111:role/a", new HopParameters()),
            ("arn:aws:iam::111111111111:role/b", new HopParameters { MfaSerial = Alice }),
            ("arn:aws:iam::111111111111:role/c", new HopParameters()),
            ("arn:aws:iam::111111111111:role/d", new HopParameters { MfaSerial = Alice }));

        // Act
        await new ChainRunner(sts, log, mfa).RunAsync(LongTermSource, plan, CancellationToken.None);

        // Assert
        Assert.Equal([(new MfaNeed(2, Alice), 1), (new MfaNeed(4, Alice), 3)], mfa.Asked);
        Assert.Equal([null, Alice, null, Alice], sts.AssumeRoleCalls.Select(c => c.Call.Parameters.MfaSerial));
        Assert.Equal([null, "123456", null, "654321"], sts.AssumeRoleCalls.Select(c => c.Call.TokenCode));
    }

    [Fact]
    public async Task RunAsync_checks_that_MFA_codes_can_be_had_before_any_STS_call()
    {
        // Arrange
        var sts = Sts();
        var mfa = new RecordingMfaSource(sts) { Unavailable = true };
        var plan = PlanOf(("deployer", new HopParameters()), ("arn:aws:iam::111111111111:role/b", new HopParameters { MfaSerial = Alice })) with { SessionName = null };

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(() => new ChainRunner(sts, log, mfa).RunAsync(LongTermSource, plan, CancellationToken.None));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal([new MfaNeed(2, Alice)], mfa.Checked);
        Assert.Empty(sts.CallerIdentityCalls);
        Assert.Empty(sts.AssumeRoleCalls);
    }

    [Fact]
    public async Task RunAsync_without_MFA_hops_never_touches_the_MFA_source()
    {
        // Arrange
        var sts = Sts();
        var mfa = new RecordingMfaSource(sts) { Unavailable = true };

        // Act
        await new ChainRunner(sts, log, mfa).RunAsync(LongTermSource, Plan("ci-run", "deployer"), CancellationToken.None);

        // Assert
        Assert.Empty(mfa.Checked);
        Assert.Empty(mfa.Asked);
    }

    [Fact]
    public async Task RunAsync_sends_each_hops_source_identity_tags_and_session_policies()
    {
        // Arrange
        var sts = Sts();
        var tags = SessionTags.Parse(["team=blue"], ["team"]);
        var plan = PlanOf(
            ("arn:aws:iam::111111111111:role/a", new HopParameters { SourceIdentity = "alice", Tags = tags }),
            ("arn:aws:iam::111111111111:role/b", new HopParameters { SourceIdentity = "alice", Policy = "{}", PolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"] }));

        // Act
        await Runner(sts).RunAsync(LongTermSource, plan, CancellationToken.None);

        // Assert
        var (first, second) = (sts.AssumeRoleCalls[0].Call.Parameters, sts.AssumeRoleCalls[1].Call.Parameters);
        Assert.Equal(("alice", tags, (string?)null, 0), (first.SourceIdentity, first.Tags, first.Policy, first.PolicyArns.Count));
        Assert.Equal(("alice", SessionTagSet.Empty, "{}", 1), (second.SourceIdentity, second.Tags, second.Policy, second.PolicyArns.Count));
    }

    [Fact]
    public async Task RunAsync_names_the_profile_of_a_failing_hop()
    {
        // Arrange
        var sts = Sts();
        sts.FailAssumeRole(2, new StsException("AccessDenied", "not authorized", unreachable: false));
        var plan = PlanOf(
            ("arn:aws:iam::111111111111:role/a", new HopParameters { Profile = "a" }),
            ("arn:aws:iam::111111111111:role/b", new HopParameters { Profile = "b" }));

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(() => Runner(sts).RunAsync(LongTermSource, plan, CancellationToken.None));

        // Assert
        Assert.StartsWith("hop 2 of 2, arn:aws:iam::111111111111:role/b (profile b): AccessDenied: not authorized", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_hints_at_the_MFA_code_when_a_call_that_sent_one_is_refused()
    {
        // Arrange
        var sts = Sts();
        sts.FailAssumeRole(1, new StsException("AccessDenied", "MultiFactorAuthentication failed", unreachable: false));
        var plan = PlanOf(("arn:aws:iam::111111111111:role/a", new HopParameters { MfaSerial = Alice }));

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(() => new ChainRunner(sts, log, new RecordingMfaSource(sts, "123456")).RunAsync(LongTermSource, plan, CancellationToken.None));

        // Assert
        Assert.StartsWith("check the MFA code (a fresh one: AWS accepts each code once)", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", error.Message + error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_names_a_profiles_duration_seconds_when_it_clamps_it()
    {
        // Arrange
        var sts = Sts();
        var plan = PlanOf(("arn:aws:iam::111111111111:role/a", new HopParameters { DurationSeconds = 7200, DurationOrigin = "duration_seconds of profile 'a'" }));

        // Act
        await Runner(sts).RunAsync(TemporarySource, plan, CancellationToken.None);

        // Assert
        Assert.Equal(3600, sts.AssumeRoleCalls[0].Call.DurationSeconds);
        Assert.StartsWith("duration_seconds of profile 'a' 2h shortened to 1h from hop 1 on", Assert.Single(log.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void AssumeRoleCall_never_shows_the_MFA_code()
    {
        // Arrange
        var call = new AssumeRoleCall(RoleArn.Parse("arn:aws:iam::111111111111:role/a"), "s", 3600, new HopParameters { MfaSerial = Alice }, "123456");

        // Act
        var text = call.ToString();

        // Assert
        Assert.Contains(Alice, text, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", text, StringComparison.Ordinal);
    }

    /// <summary>Hands out scripted codes and records when it was asked, counted in AssumeRole calls made so far.</summary>
    private sealed class RecordingMfaSource(FakeStsGateway sts, params string[] codes) : IMfaCodeSource
    {
        private readonly Queue<string> codes = new(codes);

        public bool Unavailable { get; init; }

        public List<MfaNeed> Checked { get; } = [];

        public List<(MfaNeed Need, int CallsBefore)> Asked { get; } = [];

        public void EnsureAvailable(IReadOnlyList<MfaNeed> needs)
        {
            Checked.AddRange(needs);
            if (Unavailable)
            {
                throw AssumeRoleException.BadInput("no terminal");
            }
        }

        public Task<string> GetCodeAsync(MfaNeed need, CancellationToken cancellationToken)
        {
            Asked.Add((need, sts.AssumeRoleCalls.Count));
            return Task.FromResult(codes.Dequeue());
        }
    }
}
