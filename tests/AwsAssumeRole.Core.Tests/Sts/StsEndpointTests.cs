using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Platform;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Sts;

public sealed class StsEndpointTests
{
    private static DictionaryEnvironment Env(params string[] variables) =>
        new(variables.Select(v => v.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal));

    private static readonly string[] AllRegionVariables = ["AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=eu-west-2"];

    [Theory]
    [InlineData("eu-central-1", new[] { "AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=eu-west-2" }, "eu-west-3", "eu-central-1")]
    [InlineData(null, new[] { "AWS_REGION=eu-west-1", "AWS_DEFAULT_REGION=eu-west-2" }, "eu-west-3", "eu-west-1")]
    [InlineData(null, new[] { "AWS_DEFAULT_REGION=eu-west-2" }, "eu-west-3", "eu-west-2")]
    [InlineData(null, new[] { "AWS_REGION=", "AWS_DEFAULT_REGION=eu-west-2" }, "eu-west-3", "eu-west-2")]
    [InlineData(null, new string[0], "eu-west-3", "eu-west-3")]
    [InlineData(null, new[] { "AWS_REGION=", "AWS_DEFAULT_REGION=" }, "us-gov-west-1", "us-gov-west-1")]
    [InlineData(null, new string[0], null, null)]
    public void Resolve_takes_the_region_from_option_then_AWS_REGION_then_AWS_DEFAULT_REGION_then_profile(
        string? regionOption, string[] variables, string? profileRegion, string? expected)
    {
        // Act
        var endpoint = StsEndpoint.Resolve(regionOption, null, Env(variables), profileRegion);

        // Assert
        Assert.Equal(expected, endpoint.Region);
        Assert.Equal(expected ?? "us-east-1", endpoint.SigningRegion);
        Assert.Null(endpoint.EndpointUrl);
    }

    [Theory]
    [InlineData("http://localhost:5000/", new[] { "AWS_ENDPOINT_URL_STS=http://sts.local:1/", "AWS_ENDPOINT_URL=http://all.local:2/" }, "http://profile.local:3/", "http://localhost:5000/")]
    [InlineData(null, new[] { "AWS_ENDPOINT_URL_STS=http://sts.local:1/", "AWS_ENDPOINT_URL=http://all.local:2/" }, "http://profile.local:3/", "http://sts.local:1/")]
    [InlineData(null, new[] { "AWS_ENDPOINT_URL=http://all.local:2/" }, "http://profile.local:3/", "http://all.local:2/")]
    [InlineData(null, new[] { "AWS_ENDPOINT_URL_STS=", "AWS_ENDPOINT_URL=http://all.local:2/" }, "http://profile.local:3/", "http://all.local:2/")]
    [InlineData(null, new string[0], "https://profile.local:3/", "https://profile.local:3/")]
    [InlineData(null, new string[0], null, null)]
    public void Resolve_takes_the_endpoint_from_option_then_AWS_ENDPOINT_URL_STS_then_AWS_ENDPOINT_URL_then_profile(
        string? endpointOption, string[] variables, string? profileEndpoint, string? expected)
    {
        // Act
        var endpoint = StsEndpoint.Resolve(null, endpointOption, Env(variables), profileRegion: null, profileEndpoint);

        // Assert
        Assert.Equal(expected, endpoint.EndpointUrl?.ToString());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData("True")]
    public void Resolve_ignores_configured_endpoints_when_AWS_IGNORE_CONFIGURED_ENDPOINT_URLS_is_true(string flag)
    {
        // Arrange
        var environment = Env(
            $"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS={flag}",
            "AWS_ENDPOINT_URL_STS=http://sts.local:1/",
            "AWS_ENDPOINT_URL=http://all.local:2/");

        // Act
        var endpoint = StsEndpoint.Resolve(null, null, environment, profileRegion: null, profileEndpoint: "http://profile.local:3/");

        // Assert
        Assert.Null(endpoint.EndpointUrl);
    }

    [Fact]
    public void Resolve_keeps_the_endpoint_url_option_when_configured_endpoints_are_ignored()
    {
        // Arrange
        var environment = Env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", "AWS_ENDPOINT_URL_STS=http://sts.local:1/");

        // Act
        var endpoint = StsEndpoint.Resolve(null, "http://localhost:5000", environment, profileEndpoint: "http://profile.local:3/");

        // Assert
        Assert.Equal(new Uri("http://localhost:5000"), endpoint.EndpointUrl);
    }

    [Fact]
    public void Resolve_does_not_validate_configured_endpoints_it_ignores()
    {
        // Arrange
        var environment = Env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true", "AWS_ENDPOINT_URL_STS=ftp://x", "AWS_ENDPOINT_URL=not a url");

        // Act
        var endpoint = StsEndpoint.Resolve(null, null, environment, profileEndpoint: "also not a url");

        // Assert
        Assert.Null(endpoint.EndpointUrl);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("1")]
    [InlineData("")]
    public void Resolve_uses_configured_endpoints_unless_the_ignore_flag_is_true(string flag)
    {
        // Arrange
        var environment = Env($"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS={flag}", "AWS_ENDPOINT_URL_STS=http://sts.local:1/");

        // Act
        var endpoint = StsEndpoint.Resolve(null, null, environment);

        // Assert
        Assert.Equal(new Uri("http://sts.local:1/"), endpoint.EndpointUrl);
    }

    [Theory]
    [InlineData("us east")]
    [InlineData("US-EAST-1")]
    [InlineData("a;b")]
    [InlineData("$(touch x)")]
    [InlineData("eu-west-1\n")]
    [InlineData("eu-west-1\nAWS_SECRET_ACCESS_KEY=x")]
    [InlineData("-eu-west-1")]
    [InlineData("eu-west-1-")]
    [InlineData("eu--west-1")]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyz-1234567")]
    public void Resolve_rejects_an_invalid_region_option_as_bad_input(string region)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => StsEndpoint.Resolve(region, null, Env()));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid region '", error.Message, StringComparison.Ordinal);
        Assert.Contains("from --region", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
    }

    [Theory]
    [InlineData(null, new[] { "AWS_REGION=US-EAST-1" }, null, "from AWS_REGION")]
    [InlineData(null, new[] { "AWS_DEFAULT_REGION=a;b" }, null, "from AWS_DEFAULT_REGION")]
    [InlineData(null, new string[0], "$(touch x)", "from the profile's region")]
    public void Resolve_names_where_an_invalid_region_came_from(string? regionOption, string[] variables, string? profileRegion, string source)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => StsEndpoint.Resolve(regionOption, null, Env(variables), profileRegion));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(source, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_does_not_validate_regions_that_lost_to_a_higher_source()
    {
        // Arrange
        var environment = Env("AWS_REGION=US EAST", "AWS_DEFAULT_REGION=$(x)");

        // Act
        var endpoint = StsEndpoint.Resolve("eu-west-1", null, environment, profileRegion: "bad region");

        // Assert
        Assert.Equal("eu-west-1", endpoint.Region);
    }

    [Theory]
    [InlineData("ftp://x")]
    [InlineData("not a url")]
    [InlineData("")]
    [InlineData("localhost:5000")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("http://localhost:5000/\n")]
    [InlineData("http://local\thost:5000/")]
    public void Resolve_rejects_an_invalid_endpoint_url_option_as_bad_input(string url)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => StsEndpoint.Resolve(null, url, Env()));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.StartsWith("invalid endpoint URL '", error.Message, StringComparison.Ordinal);
        Assert.Contains("from --endpoint-url", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(error.Message, c => char.IsControl(c));
    }

    [Theory]
    [InlineData("https://user:s3cr3tpass@sts.example.com/")]
    [InlineData("http://token-s3cr3tpass@127.0.0.1:5000/")]
    public void Resolve_rejects_credentials_in_an_endpoint_url_without_echoing_them(string url)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => StsEndpoint.Resolve(null, url, Env()));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("user name or password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3tpass", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cn-north-1", "https://sts.cn-north-1.amazonaws.com.cn")]
    [InlineData("eu-west-1", "https://sts.eu-west-1.amazonaws.com")]
    [InlineData(null, "https://sts.amazonaws.com")]
    public void Describe_names_the_regional_host_of_the_partition(string? region, string expected)
    {
        Assert.Equal(expected, new StsEndpoint(region, null).Describe());
    }

    [Theory]
    [InlineData(new[] { "AWS_ENDPOINT_URL_STS=ftp://x" }, null, "from AWS_ENDPOINT_URL_STS")]
    [InlineData(new[] { "AWS_ENDPOINT_URL=not a url" }, null, "from AWS_ENDPOINT_URL")]
    [InlineData(new string[0], "ftp://x", "from the profile's endpoint_url")]
    public void Resolve_names_where_an_invalid_endpoint_came_from(string[] variables, string? profileEndpoint, string source)
    {
        // Act
        var error = Assert.Throws<AssumeRoleException>(() => StsEndpoint.Resolve(null, null, Env(variables), profileEndpoint: profileEndpoint));

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(source, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("https://sts.eu-west-1.amazonaws.com")]
    [InlineData("https://vpce-0123-abcd.sts.eu-west-1.vpce.amazonaws.com/")]
    [InlineData("http://[::1]:5000/")]
    public void Resolve_accepts_http_and_https_endpoints(string url)
    {
        // Act
        var endpoint = StsEndpoint.Resolve(null, url, Env(AllRegionVariables));

        // Assert
        Assert.Equal(new Uri(url), endpoint.EndpointUrl);
        Assert.Equal("eu-west-1", endpoint.SigningRegion);
    }

    [Theory]
    [InlineData(null, null, "https://sts.amazonaws.com")]
    [InlineData("eu-west-1", null, "https://sts.eu-west-1.amazonaws.com")]
    [InlineData("eu-west-1", "http://localhost:5000", "http://localhost:5000/")]
    public void Describe_says_where_requests_go(string? region, string? url, string expected)
    {
        // Arrange
        var endpoint = new StsEndpoint(region, url is null ? null : new Uri(url));

        // Act
        var text = endpoint.Describe();

        // Assert
        Assert.Equal(expected, text);
    }
}
