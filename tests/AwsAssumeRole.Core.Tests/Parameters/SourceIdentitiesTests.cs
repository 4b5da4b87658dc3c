using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;

namespace AwsAssumeRole.Core.Tests.Parameters;

public sealed class SourceIdentitiesTests
{
    public static TheoryData<string> Valid => new()
    {
        "ab",
        new string('s', 64),
        "alice@example.com",
        "a+b=c,d.e@f_g-h",
        "awsome",
        "aws-team",
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Validate_accepts_2_to_64_characters_of_the_STS_set(string text)
    {
        // Act
        var identity = SourceIdentities.Validate(text);

        // Assert
        Assert.Equal(text, identity);
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "a", "it must be 2 to 64 characters, not 1" },
        { "", "it must be 2 to 64 characters, not 0" },
        { new string('s', 65), "it must be 2 to 64 characters, not 65" },
        { "aws:me", "the prefix 'aws:' is reserved by AWS" },
        { "AWS:me", "the prefix 'aws:' is reserved by AWS" },
        { "alice smith", "only letters, digits and + = , . @ _ - are allowed" },
        { "alice/ops", "only letters, digits and + = , . @ _ - are allowed" },
        { "caf\u00e9", "only letters, digits and + = , . @ _ - are allowed" },
        { "ab\n", "only letters, digits and + = , . @ _ - are allowed" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_rejects_what_STS_refuses_as_bad_input_naming_the_rule(string text, string reason)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => SourceIdentities.Validate(text, "source_identity"));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid source_identity '", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsControl);
    }
}
