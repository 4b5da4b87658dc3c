using AwsAssumeRole.Core.Cache;
using AwsAssumeRole.Core.Platform;

namespace AwsAssumeRole.Core.Tests.Cache;

public sealed class CacheLocationTests
{
    [Theory]
    [InlineData("/var/cache/aar", null, "/var/cache/aar")]
    [InlineData("~/c", null, "/home/alice/c")]
    [InlineData("$HOME/c", null, "/home/alice/c")]
    [InlineData(null, "/xdg", "/xdg/aws-assume-role")]
    [InlineData(null, "relative", "/home/alice/.cache/aws-assume-role")]
    [InlineData(null, null, "/home/alice/.cache/aws-assume-role")]
    public void Resolve_follows_the_variable_then_XDG_then_home_and_expands_a_tilde(string? explicitDirectory, string? xdg, string expected)
    {
        // Arrange
        var variables = new Dictionary<string, string> { ["HOME"] = "/home/alice" };
        if (explicitDirectory is not null)
        {
            variables[EnvironmentVariables.CacheDirectory] = explicitDirectory;
        }

        if (xdg is not null)
        {
            variables["XDG_CACHE_HOME"] = xdg;
        }

        // Act
        var folder = CacheLocation.Resolve(new DictionaryEnvironment(variables), windows: false);

        // Assert
        Assert.Equal(expected, folder);
    }
}
