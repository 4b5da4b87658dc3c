using AwsAssumeRole.Core.Chain;
using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;
using AwsAssumeRole.Core.Sts;
using Microsoft.Extensions.Time.Testing;

namespace AwsAssumeRole.Core.Tests.Chain;

public sealed partial class ChainRunnerTests
{
    private const string Cross = "arn:aws:iam::222222222222:role/cross";

    private static readonly DateTimeOffset Start = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    private static readonly AwsCredentials LongTermSource =
        new("AKIASOURCEEXAMPLE001", "source-secret/wJalrXUtnFEMI+K7MDENGbPxRfiCYEXAMPLEKEY", null, null);

    private static readonly AwsCredentials TemporarySource =
        new("ASIASOURCEEXAMPLE002", "sso-secret/je7MtGbClwBF+2Zp9Utk/h3yCo8nvbEXAMPLEKEY", "sso-token/FwoGZXIvYXdzEBYaDH+EXAMPLE==", Start.AddHours(8));

    private readonly FakeTimeProvider time = new(Start);
    private readonly RecordingChainLog log = new();

    private static ChainPlan Plan(string? sessionName, params string[] roles) => Plan(sessionName, Durations.DefaultSeconds, roles);

    private static ChainPlan Plan(string? sessionName, int durationSeconds, params string[] roles) =>
        new([.. roles.Select(r => new Hop(RoleReference.Parse(r), new HopParameters { DurationSeconds = durationSeconds }))], sessionName);

    private FakeStsGateway Sts(string callerArn = "arn:aws:iam::111111111111:user/ops/bob", StsException? callerIdentityFailure = null) =>
        new(time) { CallerArn = callerArn, CallerIdentityFailure = callerIdentityFailure };

    private ChainRunner Runner(FakeStsGateway sts) => new(sts, log);

    [Theory]
    [InlineData(new[] { "deployer" }, "ci-run", 1)]
    [InlineData(new[] { "team/app/deployer", Cross }, "ci-run", 1)]
    [InlineData(new[] { Cross }, null, 1)]
    [InlineData(new[] { "deployer", Cross, "reader" }, null, 1)]
    [InlineData(new[] { Cross }, "ci-run", 0)]
    [InlineData(new[] { Cross, "reader" }, "ci-run", 0)]
    [InlineData(new[] { Cross, "arn:aws:iam::333333333333:role/a", "arn:aws:iam::444444444444:role/b" }, "ci-run", 0)]
    public async Task RunAsync_calls_GetCallerIdentity_once_only_when_a_bare_first_hop_or_a_missing_session_name_needs_it(
        string[] roles, string? sessionName, int expectedCallerIdentityCalls)
    {
        // Arrange
        var sts = Sts();

        // Act
        await Runner(sts).RunAsync(LongTermSource, Plan(sessionName, roles), CancellationToken.None);

        // Assert
        Assert.Equal(expectedCallerIdentityCalls, sts.CallerIdentityCalls.Count);
        Assert.All(sts.CallerIdentityCalls, c => Assert.Same(LongTermSource, c));
        Assert.Equal(roles.Length, sts.AssumeRoleCalls.Count);
    }

    [Fact]
    public async Task RunAsync_on_an_empty_chain_returns_the_source_credentials_without_calling_STS()
    {
        // Arrange
        var sts = Sts();

        // Act
        var result = await Runner(sts).RunAsync(LongTermSource, Plan(null), CancellationToken.None);

        // Assert
        Assert.Same(LongTermSource, result.Credentials);
        Assert.Null(result.FinalRole);
        Assert.Null(result.Identity);
        Assert.Empty(sts.CallerIdentityCalls);
        Assert.Empty(sts.AssumeRoleCalls);
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:user/ops/bob", "arn:aws:iam::111111111111:role/team/app/deployer")]
    [InlineData("arn:aws-us-gov:iam::121212121212:user/alice", "arn:aws-us-gov:iam::121212121212:role/team/app/deployer")]
    [InlineData("arn:aws-cn:sts::131313131313:assumed-role/SSO/li", "arn:aws-cn:iam::131313131313:role/team/app/deployer")]
    public async Task RunAsync_resolves_a_bare_first_hop_in_the_partition_and_account_of_the_caller(string callerArn, string expectedRole)
    {
        // Arrange
        var sts = Sts(callerArn);

        // Act
        var result = await Runner(sts).RunAsync(LongTermSource, Plan(null, "team/app/deployer"), CancellationToken.None);

        // Assert
        Assert.Equal(expectedRole, Assert.Single(sts.AssumeRoleCalls).Call.Role.ToString());
        Assert.Equal(expectedRole, result.FinalRole?.ToString());
    }

    [Fact]
    public async Task RunAsync_resolves_a_bare_hop_after_a_cross_account_hop_in_the_second_account()
    {
        // Arrange
        var sts = Sts("arn:aws:iam::111111111111:user/ops/bob");

        // Act
        await Runner(sts).RunAsync(LongTermSource, Plan(null, "deployer", Cross, "team/reader"), CancellationToken.None);

        // Assert
        Assert.Equal(
            ["arn:aws:iam::111111111111:role/deployer", Cross, "arn:aws:iam::222222222222:role/team/reader"],
            sts.AssumeRoleCalls.Select(c => c.Call.Role.ToString()));
    }

    [Fact]
    public async Task RunAsync_takes_the_account_for_a_bare_hop_from_the_AssumedRoleUser_ARN_STS_returned()
    {
        // Arrange: STS's answer, not the ARN that was asked for, says where the chain now stands.
        var sts = Sts();
        sts.ReturnAssumedRoleArn(2, "arn:aws-us-gov:sts::555555555555:assumed-role/cross/bob");

        // Act
        var result = await Runner(sts).RunAsync(LongTermSource, Plan("bob", "deployer", Cross, "reader"), CancellationToken.None);

        // Assert
        Assert.Equal("arn:aws-us-gov:iam::555555555555:role/reader", sts.AssumeRoleCalls[2].Call.Role.ToString());
        Assert.Equal("arn:aws-us-gov:sts::555555555555:assumed-role/reader/bob", result.Identity?.Text);
    }

    [Fact]
    public async Task RunAsync_uses_the_credentials_of_each_hop_for_the_next_and_returns_the_last()
    {
        // Arrange
        var sts = Sts();

        // Act
        var result = await Runner(sts).RunAsync(LongTermSource, Plan(null, "deployer", Cross, "reader"), CancellationToken.None);

        // Assert
        Assert.Same(LongTermSource, sts.AssumeRoleCalls[0].Credentials);
        Assert.Same(sts.Issued[0], sts.AssumeRoleCalls[1].Credentials);
        Assert.Same(sts.Issued[1], sts.AssumeRoleCalls[2].Credentials);
        Assert.Same(sts.Issued[2], result.Credentials);
        Assert.Equal("arn:aws:iam::222222222222:role/reader", result.FinalRole?.ToString());
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/reader/bob", result.Identity?.Text);
        Assert.Equal(
            ["Switched to role arn:aws:iam::111111111111:role/deployer", $"Switched to role {Cross}", "Switched to role arn:aws:iam::222222222222:role/reader"],
            log.Infos);
    }

    [Theory]
    [InlineData("arn:aws:sts::111111111111:assumed-role/PowerUser/sschapiro", null, "sschapiro")]
    [InlineData("arn:aws:iam::111111111111:user/ops/bob", null, "bob")]
    [InlineData("arn:aws:sts::111111111111:federated-user/x", null, "x_")]
    [InlineData("arn:aws:iam::111111111111:root", null, "root")]
    [InlineData("arn:aws:iam::111111111111:user/ops/bob", "ci-run-42", "ci-run-42")]
    public async Task RunAsync_uses_the_same_session_name_on_every_hop(string callerArn, string? sessionName, string expected)
    {
        // Arrange
        var sts = Sts(callerArn);

        // Act
        await Runner(sts).RunAsync(LongTermSource, Plan(sessionName, "deployer", Cross, "reader"), CancellationToken.None);

        // Assert
        Assert.Equal([expected, expected, expected], sts.AssumeRoleCalls.Select(c => c.Call.SessionName));
    }

    [Fact]
    public async Task RunAsync_lets_one_hop_override_the_session_name_and_external_id()
    {
        // Arrange
        var sts = Sts();
        var plan = new ChainPlan(
            [
                new Hop(RoleReference.Parse("deployer"), new HopParameters()),
                new Hop(RoleReference.Parse(Cross), new HopParameters { SessionName = "cross-session", ExternalId = "partner-7f3a" }),
                new Hop(RoleReference.Parse("reader"), new HopParameters()),
            ],
            null);

        // Act
        await Runner(sts).RunAsync(LongTermSource, plan, CancellationToken.None);

        // Assert
        Assert.Equal(["bob", "cross-session", "bob"], sts.AssumeRoleCalls.Select(c => c.Call.SessionName));
        Assert.Equal([null, "partner-7f3a", null], sts.AssumeRoleCalls.Select(c => c.Call.Parameters.ExternalId));
    }

    [Fact]
    public async Task RunAsync_does_not_clamp_hop_1_made_with_long_term_keys_but_clamps_later_hops_and_warns_once()
    {
        // Arrange
        var sts = Sts();

        // Act
        var result = await Runner(sts).RunAsync(LongTermSource, Plan(null, 43200, "deployer", Cross, "reader"), CancellationToken.None);

        // Assert
        Assert.Equal([43200, 3600, 3600], sts.AssumeRoleCalls.Select(c => c.Call.DurationSeconds));
        var warning = Assert.Single(log.Warnings);
        Assert.StartsWith("--duration 12h shortened to 1h from hop 2 on: ", warning, StringComparison.Ordinal);
        Assert.Equal(Start.AddHours(12), sts.Issued[0].Expiration);
        Assert.Equal(Start.AddHours(1), result.Credentials.Expiration);
    }

    [Fact]
    public async Task RunAsync_clamps_every_hop_from_temporary_source_credentials_with_one_warning()
    {
        // Arrange
        var sts = Sts();

        // Act
        await Runner(sts).RunAsync(TemporarySource, Plan(null, 7200, "deployer", Cross, "reader"), CancellationToken.None);

        // Assert
        Assert.Equal([3600, 3600, 3600], sts.AssumeRoleCalls.Select(c => c.Call.DurationSeconds));
        var warning = Assert.Single(log.Warnings);
        Assert.StartsWith("--duration 2h shortened to 1h from hop 1 on: ", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_does_not_clamp_or_warn_for_a_single_hop_from_long_term_keys()
    {
        // Arrange
        var sts = Sts();

        // Act
        var result = await Runner(sts).RunAsync(LongTermSource, Plan(null, 43200, "deployer"), CancellationToken.None);

        // Assert
        Assert.Equal(43200, Assert.Single(sts.AssumeRoleCalls).Call.DurationSeconds);
        Assert.Empty(log.Warnings);
        Assert.Equal(Start.AddHours(12), result.Credentials.Expiration);
    }

    [Theory]
    [InlineData(900)]
    [InlineData(2700)]
    [InlineData(3600)]
    public async Task RunAsync_leaves_durations_of_an_hour_or_less_alone_even_when_chaining(int seconds)
    {
        // Arrange
        var sts = Sts();

        // Act
        await Runner(sts).RunAsync(TemporarySource, Plan(null, seconds, "deployer", Cross, "reader"), CancellationToken.None);

        // Assert
        Assert.Equal([seconds, seconds, seconds], sts.AssumeRoleCalls.Select(c => c.Call.DurationSeconds));
        Assert.Empty(log.Warnings);
    }

    [Fact]
    public async Task RunAsync_names_the_first_clamped_hop_and_its_duration_when_hops_ask_for_different_lengths()
    {
        // Arrange
        var sts = Sts();
        var plan = new ChainPlan(
            [
                new Hop(RoleReference.Parse("deployer"), new HopParameters { DurationSeconds = 3600 }),
                new Hop(RoleReference.Parse(Cross), new HopParameters { DurationSeconds = 3600 }),
                new Hop(RoleReference.Parse("reader"), new HopParameters { DurationSeconds = 5400 }),
                new Hop(RoleReference.Parse("auditor"), new HopParameters { DurationSeconds = 43200 }),
            ],
            "ci-run");

        // Act
        await Runner(sts).RunAsync(LongTermSource, plan, CancellationToken.None);

        // Assert
        Assert.Equal([3600, 3600, 3600, 3600], sts.AssumeRoleCalls.Select(c => c.Call.DurationSeconds));
        var warning = Assert.Single(log.Warnings);
        Assert.StartsWith("--duration 1h30m shortened to 1h from hop 3 on: ", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_reports_AccessDenied_on_hop_2_of_3_with_the_hop_the_role_the_code_and_the_trust_policy_hint()
    {
        // Arrange
        var sts = Sts();
        var denied = new StsException(
            "AccessDenied",
            $"User: arn:aws:sts::111111111111:assumed-role/deployer/bob is not authorized to perform: sts:AssumeRole on resource: {Cross}",
            unreachable: false);
        sts.FailAssumeRole(2, denied);

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(
            () => Runner(sts).RunAsync(LongTermSource, Plan(null, "deployer", Cross, "reader"), CancellationToken.None));

        // Assert
        Assert.Equal(ExitCodes.AwsFailure, error.ExitCode);
        Assert.Equal(
            $"hop 2 of 3, {Cross}: AccessDenied: User: arn:aws:sts::111111111111:assumed-role/deployer/bob is not authorized to perform: sts:AssumeRole on resource: {Cross}",
            error.Message);
        Assert.Equal(
            $"check that the trust policy of {Cross} allows arn:aws:sts::111111111111:assumed-role/deployer/bob to call sts:AssumeRole (and that the caller's own policies allow it)",
            error.Hint);
        Assert.Same(denied, error.InnerException);
        Assert.Equal(2, sts.AssumeRoleCalls.Count);
        Assert.Equal(["Switched to role arn:aws:iam::111111111111:role/deployer"], log.Infos);
    }

    [Theory]
    [InlineData(1, "hop 1 of 3, arn:aws:iam::111111111111:role/deployer: ExpiredToken: ", "the source credentials are invalid or expired")]
    [InlineData(2, "hop 2 of 3, arn:aws:iam::222222222222:role/cross: ExpiredToken: ", "the credentials from hop 1 are invalid or expired")]
    [InlineData(3, "hop 3 of 3, arn:aws:iam::222222222222:role/reader: ExpiredToken: ", "the credentials from hop 2 are invalid or expired")]
    public async Task RunAsync_says_which_hop_failed_and_whose_credentials_were_used(int failingHop, string messageStart, string hintStart)
    {
        // Arrange
        var sts = Sts();
        sts.FailAssumeRole(failingHop, new StsException("ExpiredToken", "The security token included in the request is expired", unreachable: false));

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(
            () => Runner(sts).RunAsync(LongTermSource, Plan(null, "deployer", Cross, "reader"), CancellationToken.None));

        // Assert
        Assert.Equal(ExitCodes.AwsFailure, error.ExitCode);
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(hintStart, error.Hint, StringComparison.Ordinal);
        Assert.Equal(failingHop, sts.AssumeRoleCalls.Count);
    }

    [Fact]
    public async Task RunAsync_points_at_the_endpoint_when_STS_cannot_be_reached()
    {
        // Arrange
        var sts = Sts();
        sts.FailAssumeRole(1, new StsException(
            "EndpointUnreachable", "could not reach http://127.0.0.1:9/: Connection refused (127.0.0.1:9)", unreachable: true));

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(
            () => Runner(sts).RunAsync(LongTermSource, Plan("ci-run", Cross), CancellationToken.None));

        // Assert
        Assert.Equal(ExitCodes.AwsFailure, error.ExitCode);
        Assert.Equal($"hop 1 of 1, {Cross}: EndpointUnreachable: could not reach http://127.0.0.1:9/: Connection refused (127.0.0.1:9)", error.Message);
        Assert.NotNull(error.Hint);
        Assert.Contains("STS endpoint", error.Hint, StringComparison.Ordinal);
        Assert.Contains("--endpoint-url", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AccessDenied", false, "the source credentials may not call sts:GetCallerIdentity")]
    [InlineData("InvalidClientTokenId", false, "the source credentials are invalid or expired")]
    [InlineData("EndpointUnreachable", true, "check the STS endpoint")]
    public async Task RunAsync_reports_a_failed_GetCallerIdentity_before_any_hop(string code, bool unreachable, string hintStart)
    {
        // Arrange
        var sts = Sts(callerIdentityFailure: new StsException(code, "it failed", unreachable));

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(
            () => Runner(sts).RunAsync(LongTermSource, Plan(null, "deployer", Cross), CancellationToken.None));

        // Assert
        Assert.Equal(ExitCodes.AwsFailure, error.ExitCode);
        Assert.Equal($"GetCallerIdentity with the source credentials: {code}: it failed", error.Message);
        Assert.StartsWith(hintStart, error.Hint, StringComparison.Ordinal);
        Assert.Empty(sts.AssumeRoleCalls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("arn:aws:sts::12345:assumed-role/R/s")]
    [InlineData("garbage\u001b[2J")]
    public async Task RunAsync_fails_cleanly_when_STS_returns_an_AssumedRoleUser_ARN_it_cannot_read(string returned)
    {
        // Arrange
        var sts = Sts();
        sts.ReturnAssumedRoleArn(1, returned);

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(
            () => Runner(sts).RunAsync(LongTermSource, Plan("ci-run", Cross, "reader"), CancellationToken.None));

        // Assert
        Assert.Equal(ExitCodes.AwsFailure, error.ExitCode);
        Assert.StartsWith($"hop 1 of 2, {Cross}: STS returned an unexpected AssumedRoleUser ARN '", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
        Assert.Single(sts.AssumeRoleCalls);
    }

    [Fact]
    public async Task RunAsync_fails_cleanly_when_GetCallerIdentity_returns_an_ARN_it_cannot_read()
    {
        // Arrange
        var sts = Sts("not-an-arn");

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(
            () => Runner(sts).RunAsync(LongTermSource, Plan(null, "deployer"), CancellationToken.None));

        // Assert
        Assert.Equal(ExitCodes.AwsFailure, error.ExitCode);
        Assert.Equal("GetCallerIdentity returned an unexpected ARN 'not-an-arn'", error.Message);
        Assert.Empty(sts.AssumeRoleCalls);
    }

    public static TheoryData<string> Scenarios =>
    [
        "success, clamped, from temporary keys",
        "AccessDenied on hop 2",
        "ExpiredToken on hop 3",
        "unreachable on hop 1",
        "GetCallerIdentity denied",
        "unexpected ARN on hop 2",
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task RunAsync_never_puts_a_secret_or_token_in_a_message_a_hint_or_a_log_line(string scenario)
    {
        // Arrange
        var source = TemporarySource;
        var sts = Sts(callerIdentityFailure: scenario == "GetCallerIdentity denied"
            ? new StsException("AccessDenied", "not authorized to perform sts:GetCallerIdentity", unreachable: false)
            : null);
        switch (scenario)
        {
            case "AccessDenied on hop 2":
                sts.FailAssumeRole(2, new StsException("AccessDenied", "not authorized to perform: sts:AssumeRole", unreachable: false));
                break;
            case "ExpiredToken on hop 3":
                sts.FailAssumeRole(3, new StsException("ExpiredToken", "The security token included in the request is expired", unreachable: false));
                break;
            case "unreachable on hop 1":
                sts.FailAssumeRole(1, new StsException("EndpointUnreachable", "could not reach https://sts.eu-west-1.amazonaws.com: timeout", unreachable: true));
                break;
            case "unexpected ARN on hop 2":
                sts.ReturnAssumedRoleArn(2, "garbage");
                break;
        }

        // Act
        var texts = new List<string>();
        try
        {
            var result = await Runner(sts).RunAsync(source, Plan(null, 43200, "deployer", Cross, "reader"), CancellationToken.None);
            texts.Add(result.ToString());
        }
        catch (AssumeRoleException e)
        {
            texts.Add(e.Message);
            texts.Add(e.Hint ?? string.Empty);
            texts.Add(e.ToString());
        }

        texts.AddRange(log.All);

        // Assert
        var secrets = sts.Issued.Prepend(source).SelectMany(c => new[] { c.SecretAccessKey, c.SessionToken! }).ToList();
        Assert.Equal(2 * (sts.Issued.Count + 1), secrets.Count);
        Assert.All(texts, text => Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.Ordinal)));
    }
}
