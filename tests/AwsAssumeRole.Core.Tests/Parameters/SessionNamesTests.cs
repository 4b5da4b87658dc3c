using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;
using AwsAssumeRole.Core.Roles;

namespace AwsAssumeRole.Core.Tests.Parameters;

public sealed class SessionNamesTests
{
    [Theory]
    [InlineData("arn:aws:sts::123456789012:assumed-role/PowerUser/sschapiro", "sschapiro")]
    [InlineData("arn:aws:iam::123456789012:user/ops/bob", "bob")]
    [InlineData("arn:aws:iam::123456789012:user/bob", "bob")]
    [InlineData("arn:aws:sts::123456789012:federated-user/x", "x_")]
    [InlineData("arn:aws:iam::123456789012:root", "root")]
    [InlineData("arn:aws-us-gov:sts::123456789012:assumed-role/AWSReservedSSO_Admin_0123/jane.doe@example.com", "jane.doe@example.com")]
    [InlineData("arn:aws:sts::123456789012:assumed-role/R/botocore-session-1700000000", "botocore-session-1700000000")]
    public void Derive_takes_the_last_segment_of_the_caller_ARN(string caller, string expected)
    {
        // Arrange
        var identity = IdentityArn.TryParse(caller)!;

        // Act
        var name = SessionNames.Derive(identity);

        // Assert
        Assert.Equal(expected, name);
    }

    [Fact]
    public void Derive_sanitises_a_last_segment_STS_would_refuse()
    {
        // Arrange: IAM user names allow only the STS set, but a federated name or an
        // identity centre user can carry anything; the derived name must still be valid.
        var identity = IdentityArn.TryParse("arn:aws:sts::123456789012:federated-user/o'brien jr")!;

        // Act
        var name = SessionNames.Derive(identity);

        // Assert
        Assert.Equal("o-brien-jr", name);
    }

    public static TheoryData<string, string> SanitizeCases => new()
    {
        { "bob", "bob" },
        { "bob smith", "bob-smith" },
        { "o'brien", "o-brien" },
        { "$HOME;rm", "-HOME-rm" },
        { "x:y/z", "x-y-z" },
        { "b\u00f6b", "b-b" },
        { "tab\there", "tab-here" },
        { "ok+=,.@_-", "ok+=,.@_-" },
        { "x", "x_" },
        { " ", "-_" },
        { "", "__" },
        { new string('a', 64), new string('a', 64) },
        { new string('a', 65), new string('a', 64) },
        { new string('a', 63) + "  tail", new string('a', 63) + "-" },
        { new string(' ', 200), new string('-', 64) },
    };

    [Theory]
    [MemberData(nameof(SanitizeCases))]
    public void Sanitize_replaces_bad_characters_cuts_to_64_and_pads_to_2(string text, string expected)
    {
        // Act
        var name = SessionNames.Sanitize(text);

        // Assert
        Assert.Equal(expected, name);
        Assert.Equal(name, SessionNames.Validate(name));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("ci-run-42")]
    [InlineData("jane.doe@example.com")]
    [InlineData("a+b=c,d.e@f_g-h")]
    public void Validate_accepts_names_STS_accepts(string text)
    {
        // Act
        var name = SessionNames.Validate(text);

        // Assert
        Assert.Equal(text, name);
    }

    [Fact]
    public void Validate_accepts_64_characters()
    {
        // Arrange
        var text = new string('s', 64);

        // Act
        var name = SessionNames.Validate(text);

        // Assert
        Assert.Equal(text, name);
    }

    public static TheoryData<string, string> InvalidNames => new()
    {
        { "a", "it must be 2 to 64 characters, not 1" },
        { "", "it must be 2 to 64 characters, not 0" },
        { new string('s', 65), "it must be 2 to 64 characters, not 65" },
        { "two words", "only letters, digits" },
        { "o'brien", "only letters, digits" },
        { "$HOME", "only letters, digits" },
        { "a:b", "only letters, digits" },
        { "a/b", "only letters, digits" },
        { "b\u00f6b", "only letters, digits" },
        { "ab\n", "only letters, digits" },
    };

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Validate_rejects_names_STS_would_refuse_as_bad_input(string text, string reason)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => SessionNames.Validate(text));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid --session-name '", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
    }

    [Fact]
    public void Validate_names_the_option_it_checks()
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => SessionNames.Validate("x", "--hop-session-name"));

        // Assert
        Assert.StartsWith("invalid --hop-session-name 'x'", error.Message, StringComparison.Ordinal);
    }
}
