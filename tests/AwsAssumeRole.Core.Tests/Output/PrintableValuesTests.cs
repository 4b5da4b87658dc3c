using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Output;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Output;

public sealed class PrintableValuesTests
{
    [Theory]
    [InlineData("ASIAIOSFODNN7EXAMPLE")]
    [InlineData("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+abc==")]
    [InlineData("2026-11-29T01:02:03Z")]
    [InlineData("us-gov-west-1")]
    [InlineData("http://127.0.0.1:41234/credentials")]
    public void RequireUnquotedSafe_accepts_what_STS_and_regions_use(string value)
    {
        // Act
        var accepted = PrintableValues.RequireUnquotedSafe("AWS_X", value);

        // Assert
        Assert.Equal(value, accepted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("it's")]
    [InlineData("\"x\"")]
    [InlineData("$(touch canary)")]
    [InlineData("`touch canary`")]
    [InlineData("; touch canary")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("esc\u001b[31m")]
    [InlineData("back\\slash")]
    [InlineData("%PATH%")]
    [InlineData("a b")]
    [InlineData("a\tb")]
    [InlineData("a*")]
    [InlineData("a?")]
    [InlineData("[a]")]
    [InlineData("#a")]
    [InlineData("~a")]
    [InlineData("a\0b")]
    [InlineData("\u00e9")]
    public void Env_and_cmd_formats_refuse_any_value_that_would_not_survive_unquoted(string value)
    {
        // Arrange: the value where STS puts the session token.
        var issued = new IssuedCredentials(new AwsCredentials(FormatterSamples.KeyId, FormatterSamples.Secret, value, null), null);

        // Act
        var env = Assert.Throws<AssumeRoleException>(() => new EnvFormatter().Format(issued));
        var cmd = Assert.Throws<AssumeRoleException>(() => new CmdFormatter().Format(issued));

        // Assert
        foreach (var error in new[] { env, cmd })
        {
            Assert.Equal(ExitCodes.AwsFailure, error.ExitCode);
            Assert.StartsWith("refusing to print AWS_SESSION_TOKEN: ", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', error.Message);
            if (value.Length > 2)
            {
                Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Quoted_formats_refuse_a_NUL_which_no_variable_can_hold()
    {
        // Arrange
        var issued = new IssuedCredentials(new AwsCredentials(FormatterSamples.KeyId, "a\0b", null, null), null);
        ICredentialFormatter[] formatters = [new ExportFormatter(), new FishFormatter(), new PowerShellFormatter()];

        // Act
        var errors = formatters.Select(f => Assert.Throws<AssumeRoleException>(() => f.Format(issued))).ToList();

        // Assert
        Assert.All(errors, e => Assert.Contains("U+0000", e.Message, StringComparison.Ordinal));
    }
}
