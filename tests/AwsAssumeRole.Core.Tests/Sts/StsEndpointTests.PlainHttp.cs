using AwsAssumeRole.Core.Errors;
using AwsAssumeRole.Core.Sts;

namespace AwsAssumeRole.Core.Tests.Sts;

public sealed partial class StsEndpointTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("https://sts.example.com")]
    [InlineData("http://127.0.0.1:5000")]
    [InlineData("http://127.8.9.10:5000")]
    [InlineData("http://localhost:5000")]
    [InlineData("http://[::1]:5000")]
    public void CheckPlainHttp_says_nothing_about_TLS_or_loopback(string? url)
    {
        // Arrange
        var endpoint = new StsEndpoint("eu-west-1", url is null ? null : new Uri(url));

        // Act
        var warning = endpoint.CheckPlainHttp(allowPlainHttp: false);

        // Assert
        Assert.Null(warning);
    }

    [Theory]
    [InlineData("http://sts.example.com", "http://sts.example.com/")]
    [InlineData("http://10.0.0.5:8080", "http://10.0.0.5:8080/")]
    [InlineData("http://localhost.example.com", "http://localhost.example.com/")]
    public void CheckPlainHttp_refuses_plain_http_to_another_machine_unless_allowed_then_warns(string url, string shown)
    {
        // Arrange
        var endpoint = new StsEndpoint(null, new Uri(url));

        // Act
        var error = Assert.Throws<AssumeRoleException>(() => endpoint.CheckPlainHttp(allowPlainHttp: false));
        var warning = endpoint.CheckPlainHttp(allowPlainHttp: true);

        // Assert
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Equal($"refusing to send credentials to {shown} over plain HTTP: anyone on the way could read them", error.Message);
        Assert.StartsWith("use an https:// endpoint", error.Hint, StringComparison.Ordinal);
        Assert.Equal($"{shown} is plain HTTP: the session token, the MFA code and the new credentials travel unencrypted (--allow-http)", warning);
    }
}
