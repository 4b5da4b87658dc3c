using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;

namespace AwsAssumeRole.Core.Tests.Parameters;

public sealed class SessionTagsTests
{
    private static string[] Tags(int count) => [.. Enumerable.Range(1, count).Select(i => $"k{i}=v{i}")];

    [Fact]
    public void Parse_splits_at_the_first_equals_sign_and_keeps_order_and_spelling()
    {
        // Act
        var set = SessionTags.Parse(["team=blue", "Cost Center=4=2", "empty="], ["TEAM"]);

        // Assert
        Assert.Equal([new SessionTag("team", "blue"), new SessionTag("Cost Center", "4=2"), new SessionTag("empty", "")], set.Tags);
        Assert.Equal(["team"], set.TransitiveKeys);
    }

    public static TheoryData<string[], string[]> ValidSets => new()
    {
        { Tags(50), [] },
        { Tags(50), [.. Enumerable.Range(1, 50).Select(i => $"k{i}")] },
        { [new string('k', 128) + "=" + new string('v', 256)], [] },
        { ["k="], ["k"] },
        { ["\u00e9quipe=bleu \u00e9t\u00e9", "path=/a/b:c_d.e+f-g@h"], [] },
        { [], [] },
    };

    [Theory]
    [MemberData(nameof(ValidSets))]
    public void Parse_accepts_what_STS_accepts_up_to_each_limit(string[] tags, string[] transitive)
    {
        // Act
        var set = SessionTags.Parse(tags, transitive);

        // Assert
        Assert.Equal(tags.Length, set.Tags.Count);
        Assert.Equal(transitive.Length, set.TransitiveKeys.Count);
    }

    public static TheoryData<string[], string[], string> InvalidSets => new()
    {
        { Tags(51), [], "too many --tag options: STS accepts at most 50 session tags, not 51" },
        { Tags(50), [.. Enumerable.Range(1, 51).Select(i => $"k{i}")], "too many --transitive-tag options: STS accepts at most 50, not 51" },
        { [new string('k', 129) + "=v"], [], "the key must be 1 to 128 characters, not 129" },
        { ["=v"], [], "the key must be 1 to 128 characters, not 0" },
        { ["k=" + new string('v', 257)], [], "the value must be at most 256 characters, not 257" },
        { ["team"], [], "expected KEY=VALUE" },
        { ["aws:team=x"], [], "the key prefix 'aws:' is reserved by AWS" },
        { ["AWS:team=x"], [], "the key prefix 'aws:' is reserved by AWS" },
        { ["team=a;b"], [], "only letters, digits, spaces and _ . : / = + - @ are allowed" },
        { ["te$am=x"], [], "only letters, digits, spaces and _ . : / = + - @ are allowed" },
        { ["team=x\n"], [], "only letters, digits, spaces and _ . : / = + - @ are allowed" },
        { ["team=blue", "Team=red"], [], "the key 'Team' is given twice (tag keys ignore case)" },
        { ["team=blue"], ["owner"], "it must name the key of a --tag KEY=VALUE given too" },
        { ["team=blue"], ["team", "TEAM"], "the key is given twice" },
    };

    [Theory]
    [MemberData(nameof(InvalidSets))]
    public void Parse_rejects_what_STS_refuses_as_bad_input_naming_the_rule(string[] tags, string[] transitive, string reason)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => SessionTags.Parse(tags, transitive));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.EndsWith(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, char.IsControl);
    }
}
