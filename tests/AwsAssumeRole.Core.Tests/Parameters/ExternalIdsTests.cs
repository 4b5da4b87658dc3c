using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;

namespace AwsAssumeRole.Core.Tests.Parameters;

public sealed class ExternalIdsTests
{
    public static TheoryData<string> ValidIds => new()
    {
        "ab",
        new string('e', 1224),
        "Unique-ID_1234",
        "a+b=c,d.e@f:g/h_i-j",
        "arn:aws:iam::123456789012:role/x",
    };

    [Theory]
    [MemberData(nameof(ValidIds))]
    public void Validate_accepts_2_to_1224_characters_of_the_STS_set(string text)
    {
        // Act
        var id = ExternalIds.Validate(text);

        // Assert
        Assert.Equal(text, id);
    }

    public static TheoryData<string, string> InvalidIds => new()
    {
        { "a", "it must be 2 to 1224 characters, not 1" },
        { "", "it must be 2 to 1224 characters, not 0" },
        { new string('e', 1225), "it must be 2 to 1224 characters, not 1225" },
        { "two words", "only letters, digits and + = , . @ : / _ - are allowed" },
        { "it's", "only letters, digits and + = , . @ : / _ - are allowed" },
        { "$SECRET", "only letters, digits and + = , . @ : / _ - are allowed" },
        { "a;b", "only letters, digits and + = , . @ : / _ - are allowed" },
        { "a\"b", "only letters, digits and + = , . @ : / _ - are allowed" },
        { "caf\u00e9", "only letters, digits and + = , . @ : / _ - are allowed" },
        { "ab\n", "only letters, digits and + = , . @ : / _ - are allowed" },
        { "a\u001b[2Jb", "only letters, digits and + = , . @ : / _ - are allowed" },
    };

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public void Validate_rejects_wrong_lengths_and_characters_as_bad_input(string text, string reason)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => ExternalIds.Validate(text));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid --external-id", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
    }
}
