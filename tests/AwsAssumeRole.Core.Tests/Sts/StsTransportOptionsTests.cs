using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Sts;

public sealed class StsTransportOptionsTests
{
    private static DictionaryEnvironment Env(params string[] variables) =>
        new(variables.Select(v => v.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal));

    [Theory]
    [InlineData(null, new string[0], 15)]
    [InlineData(null, new[] { "AWS_ASSUME_ROLE_TIMEOUT=40" }, 40)]
    [InlineData(null, new[] { "AWS_ASSUME_ROLE_TIMEOUT=" }, 15)]
    [InlineData("2m", new[] { "AWS_ASSUME_ROLE_TIMEOUT=40" }, 120)]
    [InlineData("1", new string[0], 1)]
    [InlineData("1h", new string[0], 3600)]
    public void Resolve_takes_the_timeout_from_the_option_then_the_variable_then_15_seconds(string? option, string[] variables, int seconds)
    {
        // Act
        var options = StsTransportOptions.Resolve(option, Env(variables));

        // Assert
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.Timeout);
    }

    [Theory]
    [InlineData("0", "--timeout", "invalid --timeout '0': it must be between 1 second and 1h")]
    [InlineData("3601", "--timeout", "invalid --timeout '3601': it must be between 1 second and 1h")]
    [InlineData("fast", "AWS_ASSUME_ROLE_TIMEOUT", "invalid AWS_ASSUME_ROLE_TIMEOUT 'fast': give seconds (20) or a duration such as 30s, 2m")]
    [InlineData("-5", "--timeout", "invalid --timeout '-5': give seconds (20) or a duration such as 30s, 2m")]
    public void ParseTimeout_refuses_what_is_not_1_second_to_1_hour(string text, string source, string message)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => StsTransportOptions.ParseTimeout(text, source));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData(new string[0], null, null, null)]
    [InlineData(new string[0], "/p/ca.pem", "/p/ca.pem", "the profile's ca_bundle")]
    [InlineData(new[] { "AWS_CA_BUNDLE=/e/ca.pem" }, "/p/ca.pem", "/e/ca.pem", "AWS_CA_BUNDLE")]
    [InlineData(new[] { "AWS_CA_BUNDLE=" }, "/p/ca.pem", "/p/ca.pem", "the profile's ca_bundle")]
    public void Resolve_takes_the_CA_bundle_from_AWS_CA_BUNDLE_then_the_profile(string[] variables, string? profile, string? expected, string? source)
    {
        // Act
        var options = StsTransportOptions.Resolve(null, Env(variables), profile);

        // Assert
        Assert.Equal(expected, options.CaBundle);
        Assert.Equal(source, options.CaBundleSource);
    }
}
