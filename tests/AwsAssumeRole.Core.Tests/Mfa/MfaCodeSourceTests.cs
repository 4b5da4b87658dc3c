using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Mfa;

namespace AwsAssumeRole.Core.Tests.Mfa;

public sealed class MfaCodeSourceTests
{
    private static readonly MfaNeed Hop1 = new(1, "arn:aws:iam::123456789012:mfa/alice");
    private static readonly MfaNeed Hop3 = new(3, "arn:aws:iam::222222222222:mfa/alice");

    [Fact]
    public async Task GetCodeAsync_gives_the_given_code_to_the_first_hop_and_prompts_for_the_next()
    {
        // Arrange
        var terminal = new FakeTerminal(true, " 654321 ");
        var source = new MfaCodeSource("123456", terminal);

        // Act
        var first = await source.GetCodeAsync(Hop1, CancellationToken.None);
        var second = await source.GetCodeAsync(Hop3, CancellationToken.None);

        // Assert
        Assert.Equal(("123456", "654321"), (first, second));
        Assert.Equal(["MFA code for arn:aws:iam::222222222222:mfa/alice: "], terminal.Prompts);
    }

    [Fact]
    public async Task GetCodeAsync_refuses_a_typed_code_that_is_not_six_digits()
    {
        // Arrange
        var source = new MfaCodeSource(null, new FakeTerminal(true, "12345"));

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(() => source.GetCodeAsync(Hop1, CancellationToken.None));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("invalid MFA code typed at the prompt: an MFA code is exactly 6 digits", error.Message);
    }

    [Fact]
    public void EnsureAvailable_without_a_code_or_a_terminal_fails_naming_the_hop_and_how_to_pass_the_code()
    {
        // Arrange
        var source = new MfaCodeSource(null, new FakeTerminal(false));

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => source.EnsureAvailable([Hop1]));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal("hop 1 needs an MFA code for arn:aws:iam::123456789012:mfa/alice and there is no terminal to ask for it on", error.Message);
        Assert.Equal("pass the code with --mfa-code 123456, or --mfa-code - to read it from stdin", error.Hint);
    }

    [Fact]
    public void EnsureAvailable_with_a_code_needs_a_terminal_only_for_a_second_hop()
    {
        // Arrange
        var source = new MfaCodeSource("123456", new FakeTerminal(false));

        // Act
        source.EnsureAvailable([Hop1]);
        var error = Assert.Throws<AssumeRoleException>(() => source.EnsureAvailable([Hop1, Hop3]));

        // Assert
        Assert.StartsWith("hop 3 needs an MFA code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureAvailable_never_prompts()
    {
        // Arrange
        var terminal = new FakeTerminal(true, "123456");
        var source = new MfaCodeSource(null, terminal);

        // Act
        source.EnsureAvailable([Hop1, Hop3]);

        // Assert
        Assert.Empty(terminal.Prompts);
    }

    [Fact]
    public async Task GetCodeAsync_fails_like_EnsureAvailable_when_the_terminal_is_gone()
    {
        // Arrange
        var source = new MfaCodeSource(null, new FakeTerminal(false));

        // Act
        var error = await Assert.ThrowsAsync<AssumeRoleException>(() => source.GetCodeAsync(Hop3, CancellationToken.None));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("hop 3 needs an MFA code", error.Message, StringComparison.Ordinal);
    }
}
