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

    [Theory]
    [InlineData("eu west 1", null, null, "profile 'p' in F(region): invalid region 'eu west 1': expected a region name such as eu-west-1")]
    [InlineData("eu-west-1", "global", null, "profile 'p' in F(sts_regional_endpoints): invalid sts_regional_endpoints 'global': choose legacy or regional")]
    [InlineData("eu-west-1", null, "ftp://x", "profile 'p' in F(endpoint_url): invalid endpoint_url 'ftp://x': expected http(s)://host[:port]")]
    [InlineData("eu-west-1", null, "https://me:pw@x", "profile 'p' in F(endpoint_url): invalid endpoint_url: it must not contain a user name or password")]
    public void Resolve_names_the_profile_and_its_file_for_a_bad_profile_value(string region, string? regional, string? url, string expected)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => StsEndpoint.Resolve(null, null, Env(), region, url, regional, key => $"profile 'p' in F({key})"));

        // Assert
        Assert.Equal((ExitCodes.BadInput, expected), (error.ExitCode, error.Message));
    }

    [Fact]
    public void Resolve_does_not_look_at_a_profile_value_that_something_else_overrides()
    {
        // Act
        var endpoint = StsEndpoint.Resolve("eu-west-1", "http://localhost:5000", Env("AWS_STS_REGIONAL_ENDPOINTS=regional"), "eu west 1", "ftp://x", "global", key => key);

        // Assert
        Assert.Equal(("eu-west-1", "http://localhost:5000/"), (endpoint.Region, endpoint.EndpointUrl?.ToString()));
    }
}
