using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Mfa;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Tests.Chain;

public sealed class ChainPlanBuilderTests
{
    private const string Alice = "arn:aws:iam::111111111111:mfa/alice";
    private static readonly SessionTagSet TeamTag = SessionTags.Parse(["team=blue"], ["team"]);

    private static Hop ProfileHop(string name, string? mfa = null, string? externalId = null, string? sessionName = null, int? duration = null, string? sourceIdentity = null) =>
        new(RoleReference.Parse($"arn:aws:iam::111111111111:role/{name}"), new HopParameters
        {
            Profile = name,
            MfaSerial = mfa,
            ExternalId = externalId,
            SessionName = sessionName,
            DurationSeconds = duration,
            DurationOrigin = duration is null ? null : $"duration_seconds of profile '{name}'",
            SourceIdentity = sourceIdentity,
        });

    private static RoleReference[] Roles(params string[] roles) => [.. roles.Select(RoleReference.Parse)];

    [Fact]
    public void Build_puts_the_profile_hops_first_and_the_command_line_roles_after_them()
    {
        // Act
        var plan = ChainPlanBuilder.Build([ProfileHop("a"), ProfileHop("b")], Roles("c", "arn:aws:iam::222222222222:role/d"), HopParameters.None);

        // Assert
        Assert.Equal(
            ["arn:aws:iam::111111111111:role/a", "arn:aws:iam::111111111111:role/b", "c", "arn:aws:iam::222222222222:role/d"],
            plan.Hops.Select(h => h.Role.Text));
        Assert.Equal(["a", "b", null, null], plan.Hops.Select(h => h.Parameters.Profile));
    }

    [Theory]
    [InlineData(null, null, 3600, "--duration")]
    [InlineData(null, 1800, 1800, "duration_seconds of profile 'a'")]
    [InlineData(2700, 1800, 2700, "--duration")]
    [InlineData(2700, null, 2700, "--duration")]
    public void Build_takes_the_duration_from_the_option_then_the_profile_then_one_hour(int? option, int? profile, int expected, string origin)
    {
        // Act
        var plan = ChainPlanBuilder.Build([ProfileHop("a", duration: profile)], Roles("c"), new HopParameters { DurationSeconds = option });

        // Assert
        Assert.Equal((expected, origin), (plan.Hops[0].Parameters.DurationSeconds, plan.Hops[0].Parameters.DurationSource));
        Assert.Equal(option ?? 3600, plan.Hops[1].Parameters.DurationSeconds);
    }

    [Fact]
    public void Build_keeps_a_profiles_external_id_on_its_hop_and_sends_the_options_on_the_others()
    {
        // Act
        var plan = ChainPlanBuilder.Build([ProfileHop("a", externalId: "ext-a"), ProfileHop("b")], Roles("c"), new HopParameters { ExternalId = "ext-cli" });

        // Assert
        Assert.Equal(["ext-a", "ext-cli", "ext-cli"], plan.Hops.Select(h => h.Parameters.ExternalId));
    }

    [Theory]
    [InlineData(null, new[] { "alice", null, null }, null)]
    [InlineData("cli", new string?[] { null, null, null }, "cli")]
    public void Build_uses_role_session_name_on_its_hop_unless_session_name_is_given(string? option, string?[] perHop, string? chain)
    {
        // Act
        var plan = ChainPlanBuilder.Build([ProfileHop("a", sessionName: "alice"), ProfileHop("b")], Roles("c"), new HopParameters { SessionName = option });

        // Assert
        Assert.Equal(perHop, plan.Hops.Select(h => h.Parameters.SessionName));
        Assert.Equal(chain, plan.SessionName);
    }

    [Theory]
    [InlineData(null, null, null, new string?[] { null, null, null })]
    [InlineData(null, Alice, null, new string?[] { null, Alice, null })]
    [InlineData("arn:aws:iam::111111111111:mfa/cli", null, null, new string?[] { "arn:aws:iam::111111111111:mfa/cli", null, null })]
    [InlineData("arn:aws:iam::111111111111:mfa/cli", Alice, null, new string?[] { null, "arn:aws:iam::111111111111:mfa/cli", null })]
    [InlineData(null, Alice, Alice, new string?[] { Alice, Alice, null })]
    [InlineData("arn:aws:iam::111111111111:mfa/cli", Alice, Alice, new string?[] { "arn:aws:iam::111111111111:mfa/cli", Alice, null })]
    public void Build_puts_MFA_on_the_hops_that_need_it_and_mfa_serial_on_the_first_of_them_or_hop_1(string? option, string? profileB, string? profileA, string?[] expected)
    {
        // Act
        var plan = ChainPlanBuilder.Build([ProfileHop("a", mfa: profileA), ProfileHop("b", mfa: profileB)], Roles("c"), new HopParameters { MfaSerial = option });

        // Assert
        Assert.Equal(expected, plan.Hops.Select(h => h.Parameters.MfaSerial));
        Assert.Equal(expected.Select((s, i) => (s, i)).Where(x => x.s is not null).Select(x => new MfaNeed(x.i + 1, x.s!)), plan.MfaNeeds);
    }

    [Fact]
    public void Build_refuses_an_mfa_code_with_no_device_to_send_it_for()
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => ChainPlanBuilder.Build([], Roles("c"), HopParameters.None, mfaCodeGiven: true));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("--mfa-code needs an MFA device: give --mfa-serial ARN too, or use a profile with mfa_serial", error.Message);
    }

    [Fact]
    public void Build_sends_tags_on_the_first_hop_and_session_policies_on_the_last()
    {
        // Arrange
        var options = new HopParameters { Tags = TeamTag, Policy = "{}", PolicyArns = ["arn:aws:iam::aws:policy/ReadOnlyAccess"] };

        // Act
        var plan = ChainPlanBuilder.Build([ProfileHop("a")], Roles("b", "c"), options);

        // Assert
        Assert.Equal([TeamTag, SessionTagSet.Empty, SessionTagSet.Empty], plan.Hops.Select(h => h.Parameters.Tags));
        Assert.Equal([null, null, "{}"], plan.Hops.Select(h => h.Parameters.Policy));
        Assert.Equal([0, 0, 1], plan.Hops.Select(h => h.Parameters.PolicyArns.Count));
    }

    [Fact]
    public void Build_sends_tags_and_policies_on_a_single_hop()
    {
        // Act
        var plan = ChainPlanBuilder.Build([], Roles("only"), new HopParameters { Tags = TeamTag, Policy = "{}" });

        // Assert
        Assert.Equal((TeamTag, "{}"), (plan.Hops[0].Parameters.Tags, plan.Hops[0].Parameters.Policy));
    }

    [Theory]
    [InlineData(null, null, null, new string?[] { null, null, null, null })]
    [InlineData(null, "alice", null, new string?[] { null, "alice", "alice", "alice" })]
    [InlineData(null, "alice", "alice", new string?[] { "alice", "alice", "alice", "alice" })]
    [InlineData("cli", "alice", null, new string?[] { "cli", "cli", "cli", "cli" })]
    [InlineData("cli", "alice", "bob", new string?[] { "cli", "cli", "cli", "cli" })]
    public void Build_sends_the_source_identity_from_the_first_hop_that_sets_it_on(string? option, string? profileB, string? profileA, string?[] expected)
    {
        // Act
        var plan = ChainPlanBuilder.Build(
            [ProfileHop("a", sourceIdentity: profileA), ProfileHop("b", sourceIdentity: profileB)], Roles("c", "d"), new HopParameters { SourceIdentity = option });

        // Assert
        Assert.Equal(expected, plan.Hops.Select(h => h.Parameters.SourceIdentity));
    }

    [Fact]
    public void Build_refuses_two_profiles_with_different_source_identities()
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() =>
            ChainPlanBuilder.Build([ProfileHop("a", sourceIdentity: "alice"), ProfileHop("b", sourceIdentity: "bob")], [], HopParameters.None));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("profiles 'a' and 'b' set different source_identity values ('alice', 'bob'): STS keeps the first for the whole chain", error.Message);
        Assert.Equal("give one with --source-identity, or make the profiles agree", error.Hint);
    }

    [Fact]
    public void Build_with_no_hops_gives_an_empty_plan()
    {
        // Act
        var plan = ChainPlanBuilder.Build([], [], new HopParameters { DurationSeconds = 900, SessionName = "cli" });

        // Assert
        Assert.Empty(plan.Hops);
    }

    [Fact]
    public void Build_with_no_hops_refuses_options_only_an_AssumeRole_call_could_send()
    {
        // Arrange
        var options = new HopParameters { MfaSerial = Alice, SourceIdentity = "alice", Tags = TeamTag, Policy = "{}", PolicyArns = ["arn:aws:iam::aws:policy/X"] };

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => ChainPlanBuilder.Build([], [], options, mfaCodeGiven: true));

        // Assert
        Assert.Equal(
            "--mfa-serial, --mfa-code, --source-identity, --tag, --policy, --policy-arn given, but there is no ROLE to assume (they are sent with AssumeRole)",
            error.Message);
    }
}
