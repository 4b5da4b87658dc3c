using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Sts;

/// <summary><c>sts_regional_endpoints</c> and <c>AWS_STS_REGIONAL_ENDPOINTS</c>.</summary>
public sealed partial class StsEndpointTests
{
    [Theory]
    [InlineData("eu-west-1", null, null, false)]
    [InlineData("eu-west-1", null, "regional", false)]
    [InlineData("eu-west-1", null, "legacy", true)]
    [InlineData("us-east-1", null, "legacy", true)]
    [InlineData("ap-east-1", null, "legacy", false)]
    [InlineData("eu-west-1", "legacy", "regional", true)]
    [InlineData("eu-west-1", "regional", "legacy", false)]
    public void Resolve_sends_legacy_regions_to_the_global_endpoint_only_when_asked(string region, string? variable, string? profile, bool global)
    {
        // Arrange
        var environment = variable is null ? Env() : Env($"AWS_STS_REGIONAL_ENDPOINTS={variable}");

        // Act
        var endpoint = StsEndpoint.Resolve(region, null, environment, profileRegionalEndpoints: profile);

        // Assert
        Assert.Equal(global, endpoint.UsesGlobalEndpoint);
        Assert.Equal(global ? "us-east-1" : region, endpoint.SigningRegion);
        Assert.Equal(global ? "https://sts.amazonaws.com" : $"https://sts.{region}.amazonaws.com", endpoint.Describe());
    }

    [Fact]
    public void Resolve_ignores_legacy_when_an_endpoint_url_is_given_or_no_region_is_known()
    {
        // Act
        var withUrl = StsEndpoint.Resolve("eu-west-1", "http://localhost:5000", Env("AWS_STS_REGIONAL_ENDPOINTS=legacy"));
        var withoutRegion = StsEndpoint.Resolve(null, null, Env("AWS_STS_REGIONAL_ENDPOINTS=legacy"));

        // Assert
        Assert.False(withUrl.UsesGlobalEndpoint);
        Assert.Equal("eu-west-1", withUrl.SigningRegion);
        Assert.False(withoutRegion.UsesGlobalEndpoint);
    }

    [Theory]
    [InlineData(null, "global", "the profile's sts_regional_endpoints")]
    [InlineData("Legacy", null, "AWS_STS_REGIONAL_ENDPOINTS")]
    public void Resolve_refuses_other_values_as_bad_input_naming_where_they_came_from(string? variable, string? profile, string source)
    {
        // Arrange
        var environment = variable is null ? Env() : Env($"AWS_STS_REGIONAL_ENDPOINTS={variable}");

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => StsEndpoint.Resolve("eu-west-1", null, environment, profileRegionalEndpoints: profile));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal($"invalid sts_regional_endpoints '{variable ?? profile}' from {source}: choose legacy or regional", error.Message);
    }
}
