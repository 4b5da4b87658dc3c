using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Profiles;

namespace AwsAssumeRole.Core.Tests.Profiles;

public sealed class ProfileFilesTests
{
    [Theory]
    [InlineData(null, null, "/home/me/.aws/config", "/home/me/.aws/credentials")]
    [InlineData("/etc/aws/config", "/etc/aws/credentials", "/etc/aws/config", "/etc/aws/credentials")]
    [InlineData("~/work/config", "~/work/credentials", "/home/me/work/config", "/home/me/work/credentials")]
    [InlineData("relative/config", null, "relative/config", "/home/me/.aws/credentials")]
    [InlineData("~", "~/", "/home/me", "/home/me/")]
    [InlineData("$HOME/c", "${WORK}/creds", "/home/me/c", "/srv/work/creds")]
    [InlineData("$NOPE/c", "${NOPE}/c$", "$NOPE/c", "${NOPE}/c$")]
    [InlineData("~other/config", "a~/b", "~other/config", "a~/b")]
    [InlineData("$TILDE/config", "${HOME}x", "/home/me/config", "/home/mex")]
    public void FromEnvironment_uses_AWS_CONFIG_FILE_and_AWS_SHARED_CREDENTIALS_FILE_else_the_home_directory(
        string? configVariable, string? credentialsVariable, string expectedConfig, string expectedCredentials)
    {
        // Arrange
        var variables = new Dictionary<string, string> { ["HOME"] = "/home/me", ["WORK"] = "/srv/work", ["TILDE"] = "~" };
        if (configVariable is not null)
        {
            variables["AWS_CONFIG_FILE"] = configVariable;
        }

        if (credentialsVariable is not null)
        {
            variables["AWS_SHARED_CREDENTIALS_FILE"] = credentialsVariable;
        }

        // Act
        var files = ProfileFiles.FromEnvironment(new DictionaryEnvironment(variables));

        // Assert
        Assert.Equal((expectedConfig, expectedCredentials), (files.ConfigPath, files.CredentialsPath));
        Assert.Equal($"{expectedConfig} or {expectedCredentials}", files.Describe());
    }
}
