using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Parameters;

namespace AwsAssumeRole.Core.Tests.Parameters;

public sealed class SessionPoliciesTests
{
    private const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    private static string PolicyOfLength(int length)
    {
        const string head = """{"Version":"2012-10-17","Statement":[],"Pad":" """;
        return head.TrimEnd() + new string('x', length - head.TrimEnd().Length - 2) + "\"}";
    }

    private static string NoFiles(string path) => throw new FileNotFoundException($"Could not find file '{path}'.");

    [Theory]
    [InlineData(Policy)]
    [InlineData("  " + Policy + "\n")]
    [InlineData("{\n\t\"Version\": \"2012-10-17\",\r\n\t\"Statement\": []\n}")]
    [InlineData("{\"Sid\":\"caf\u00e9 \u00ff\"}")]
    public void LoadPolicy_takes_text_starting_with_a_brace_as_the_policy_trimmed(string text)
    {
        // Act
        var policy = SessionPolicies.LoadPolicy(text, NoFiles);

        // Assert
        Assert.Equal(text.Trim(), policy);
    }

    [Theory]
    [InlineData("policy.json", "policy.json")]
    [InlineData("file://policy.json", "policy.json")]
    [InlineData("file:///etc/policy.json", "/etc/policy.json")]
    public void LoadPolicy_reads_any_other_value_as_a_file_with_or_without_file_prefix(string value, string expectedPath)
    {
        // Arrange
        var read = new List<string>();

        // Act
        var policy = SessionPolicies.LoadPolicy(value, path =>
        {
            read.Add(path);
            return Policy + "\n";
        });

        // Assert
        Assert.Equal([expectedPath], read);
        Assert.Equal(Policy, policy);
    }

    [Fact]
    public void LoadPolicy_accepts_2048_characters_and_refuses_2049()
    {
        // Act
        var longest = SessionPolicies.LoadPolicy(PolicyOfLength(2048), NoFiles);
        var error = Assert.Throws<AssumeRoleException>(() => SessionPolicies.LoadPolicy(PolicyOfLength(2049), NoFiles));

        // Assert
        Assert.Equal(2048, longest.Length);
        Assert.Equal("invalid --policy: STS accepts at most 2048 characters, not 2049", error.Message);
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { "{\"Version\":", "not valid JSON (line 1, byte 12 of that line)" },
        { "{\n\"a\": 1,\n}", "not valid JSON (line 3, byte 1 of that line)" },
        { "[1, 2]", "a policy is a JSON object" },
        { "{\"Sid\":\"\u0100\"}", "the character U+0100 is not allowed (STS accepts tab, line breaks and U+0020 to U+00FF)" },
        { "{\"Sid\":\"\u0001\"}", "the character U+0001 is not allowed" },
        { "{\"Sid\":\"\0\"}", "the character U+0000 is not allowed" },
        { "no-such-file.json", "it is neither JSON (starting with '{') nor a readable file: no such file" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void LoadPolicy_refuses_what_STS_would_as_bad_input(string value, string reason)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => SessionPolicies.LoadPolicy(value, NoFiles));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid --policy", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatePolicyArns_accepts_10_and_refuses_11()
    {
        // Arrange
        string[] Arns(int count) => [.. Enumerable.Range(1, count).Select(i => $"arn:aws:iam::aws:policy/P{i}")];

        // Act
        var ten = SessionPolicies.ValidatePolicyArns(Arns(10));
        var error = Assert.Throws<AssumeRoleException>(() => SessionPolicies.ValidatePolicyArns(Arns(11)));

        // Assert
        Assert.Equal(10, ten.Count);
        Assert.Equal("too many --policy-arn options: STS accepts at most 10, not 11", error.Message);
    }

    [Theory]
    [InlineData("arn:aws:iam::aws:policy/ReadOnlyAccess")]
    [InlineData("arn:aws:iam::123456789012:policy/team/app/extra")]
    [InlineData("arn:aws-us-gov:iam::aws:policy/job-function/ViewOnlyAccess")]
    [InlineData("arn:aws-cn:iam::123456789012:policy/x")]
    public void ValidatePolicyArns_accepts_managed_policy_ARNs(string arn)
    {
        // Act
        var arns = SessionPolicies.ValidatePolicyArns([arn]);

        // Assert
        Assert.Equal([arn], arns);
    }

    [Theory]
    [InlineData("ReadOnlyAccess", "it must be 20 to 2048 characters, not 14")]
    [InlineData("arn:aws:iam::aws:role/ReadOnlyAccess", "not a policy (expected policy/NAME after the account)")]
    [InlineData("arn:aws:iam::aws:policy/", "not a policy (expected policy/NAME after the account)")]
    [InlineData("arn:aws:s3:::bucket/policy/x", "expected arn:PARTITION:iam::ACCOUNT:policy/NAME")]
    [InlineData("arn:aws:iam:us-east-1:aws:policy/x", "expected arn:PARTITION:iam::ACCOUNT:policy/NAME")]
    [InlineData("arn:nope:iam::aws:policy/ReadOnly", "unknown partition 'nope'")]
    [InlineData("arn:aws:iam::12345:policy/ReadOnly", "the account must be 12 digits, or 'aws' for an AWS managed policy")]
    [InlineData("arn:aws:iam::aws:policy/Read Only", "only printable ASCII characters are allowed")]
    public void ValidatePolicyArns_refuses_anything_else_as_bad_input(string arn, string reason)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => SessionPolicies.ValidatePolicyArns([arn]));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith($"invalid --policy-arn '{arn}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
