using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Sources;

namespace AwsAssumeRole.Core.Tests.Sources;

public sealed class RecursionGuardTests
{
    private static readonly string[] Arguments = ["--format", "json", "ec2-worker"];
    private static readonly string[] Roles = ["ec2-worker"];

    private static IEnvironment Env(params (string Name, string Value)[] variables) =>
        new DictionaryEnvironment(variables.ToDictionary(v => v.Name, v => v.Value));

    private static IEnvironment Below(RecursionGuard guard, params (string Name, string Value)[] more) =>
        Env([.. guard.Variables.Select(v => (v.Key, v.Value)), .. more]);

    [Fact]
    public void A_run_no_other_started_is_depth_1_and_passes_its_fingerprint_down()
    {
        // Act
        var guard = RecursionGuard.Enter(Env(), Arguments, null, Roles);

        // Assert
        Assert.Equal(1, guard.Depth);
        Assert.Equal([RecursionGuard.DepthVariable, RecursionGuard.ResolvingVariable], guard.Variables.Select(v => v.Key));
        Assert.Equal("1", guard.Variables[0].Value);
        Assert.Matches("^[0-9a-f]{16}$", guard.Variables[1].Value);
    }

    [Fact]
    public void The_same_arguments_and_AWS_DEFAULT_PROFILE_below_a_run_are_the_loop_and_another_one_is_not()
    {
        // Arrange
        var outer = RecursionGuard.Enter(Env(("AWS_DEFAULT_PROFILE", "loop"), ("AWS_PROFILE", "x")), Arguments, null, Roles);

        // Act
        var loop = Record.Exception(() => RecursionGuard.Enter(Below(outer, ("AWS_DEFAULT_PROFILE", "loop"), ("AWS_PROFILE", "y")), Arguments, null, Roles));
        var other = Record.Exception(() => RecursionGuard.Enter(Below(outer, ("AWS_DEFAULT_PROFILE", "other"), ("AWS_PROFILE", "x")), Arguments, null, Roles));

        // Assert
        Assert.StartsWith("credential_process loop: an aws-assume-role run further up is already resolving profile 'loop'", Assert.IsType<AssumeRoleException>(loop).Message, StringComparison.Ordinal);
        Assert.Null(other);
    }

    [Fact]
    public void The_same_arguments_and_AWS_PROFILE_below_a_run_are_the_loop()
    {
        // Arrange
        var outer = RecursionGuard.Enter(Env(("AWS_PROFILE", "loop")), Arguments, null, Roles);

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => RecursionGuard.Enter(Below(outer, ("AWS_PROFILE", "loop")), Arguments, null, Roles));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal(
            "credential_process loop: an aws-assume-role run further up is already resolving profile 'loop' for this same chain (ec2-worker), and resolving it ran aws-assume-role again",
            error.Message);
        Assert.Contains("credential_process of profile 'loop' runs aws-assume-role", error.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other-profile", new[] { "--format", "json", "ec2-worker" })]
    [InlineData("loop", new[] { "--format", "json", "--profile", "base", "ec2-worker" })]
    [InlineData("loop", new[] { "--format", "json", "ec2-worker", "backup" })]
    public void Another_source_or_another_chain_below_a_run_is_legitimate_nesting(string awsProfile, string[] arguments)
    {
        // Arrange
        var outer = RecursionGuard.Enter(Env(("AWS_PROFILE", "loop")), Arguments, null, Roles);

        // Act
        var inner = RecursionGuard.Enter(Below(outer, ("AWS_PROFILE", awsProfile)), arguments, null, Roles);

        // Assert
        Assert.Equal(2, inner.Depth);
        Assert.Equal(2, inner.Variables[1].Value.Split(':').Length);
    }

    [Fact]
    public void Nesting_stops_at_MaxDepth_runs_even_when_every_chain_differs()
    {
        // Arrange
        var environment = Env();
        var depths = new List<int>();

        // Act
        var error = Assert.Throws<AssumeRoleException>(() =>
        {
            for (var level = 0; level < 100; level++)
            {
                var guard = RecursionGuard.Enter(environment, ["--session-name", $"level{level}", "ec2-worker"], null, Roles);
                depths.Add(guard.Depth);
                environment = Below(guard);
            }
        });

        // Assert
        Assert.Equal(Enumerable.Range(1, RecursionGuard.MaxDepth - 1), depths);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith($"credential_process nesting too deep: {RecursionGuard.MaxDepth - 1} aws-assume-role runs above this one", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("99999999999")]
    public void A_depth_that_is_not_a_small_number_is_bad_input(string depth)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => RecursionGuard.Enter(Env((RecursionGuard.DepthVariable, depth)), Arguments, null, Roles));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(RecursionGuard.DepthVariable, error.Message, StringComparison.Ordinal);
    }
}
